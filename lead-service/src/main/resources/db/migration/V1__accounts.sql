create table organisation (
    id         uuid primary key,
    name       varchar(200) not null,
    created_at timestamptz  not null default now()
);

create table app_user (
    id            uuid primary key,
    org_id        uuid         not null references organisation (id),
    email         varchar(320) not null,
    password_hash varchar(100) not null,
    name          varchar(200) not null,
    role          varchar(10)  not null check (role in ('ADMIN', 'REP')),
    active        boolean      not null default true,
    created_at    timestamptz  not null default now()
);

-- Login is by email across the whole product, so an email belongs to one user only.
create unique index app_user_email on app_user (lower(email));
create index app_user_org on app_user (org_id);
