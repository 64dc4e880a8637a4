create table lead (
    id          uuid primary key,
    org_id      uuid         not null references organisation (id),
    first_name  varchar(100) not null,
    last_name   varchar(100),
    email       varchar(320),
    phone       varchar(20),
    company     varchar(200),
    status      varchar(20)  not null default 'NEW',
    assignee_id uuid references app_user (id),
    tags        text[]       not null default '{}',
    source      varchar(40)  not null default 'api',
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    version     bigint       not null default 0
);

-- Emails are stored lower-cased and phones in E.164, so plain unique indexes dedupe per org.
create unique index lead_org_email on lead (org_id, email) where email is not null;
create unique index lead_org_phone on lead (org_id, phone) where phone is not null;
create index lead_org_created on lead (org_id, created_at desc, id desc);
create index lead_org_assignee on lead (org_id, assignee_id);
