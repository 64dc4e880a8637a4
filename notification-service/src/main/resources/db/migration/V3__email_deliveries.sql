-- Emails a person asked for (preferences), written in the notification's transaction and sent by
-- a worker afterwards, so a rolled-back event sends nothing and a redelivered one sends once.
create table email_delivery (
    id              uuid primary key,
    org_id          uuid          not null,
    user_id         uuid          not null,
    to_address      varchar(320)  not null,
    subject         varchar(300)  not null,
    body            varchar(4000) not null,
    source_event_id uuid          not null,
    attempts        int           not null default 0,
    next_attempt_at timestamptz   not null,
    sent_at         timestamptz,
    last_error      varchar(300)
);
create unique index email_delivery_user_event on email_delivery (user_id, source_event_id);
create index email_delivery_due on email_delivery (next_attempt_at) where sent_at is null;
