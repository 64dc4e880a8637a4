-- Failed logins per email (known or not, so throttling reveals nothing), kept for the throttle
-- window. Shared by every lead-service instance.
create table login_failure (
    id        bigserial primary key,
    email     varchar(320) not null,
    failed_at timestamptz  not null default now()
);

create index login_failure_email on login_failure (email, failed_at);
create index login_failure_age on login_failure (failed_at);
