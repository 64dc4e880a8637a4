create table notification (
    id              uuid primary key,
    org_id          uuid         not null,
    user_id         uuid         not null,
    type            varchar(60)  not null,
    title           varchar(200) not null,
    body            varchar(1000),
    subject_id      varchar(100),
    source_event_id uuid         not null,
    created_at      timestamptz  not null default now(),
    read_at         timestamptz
);

-- One notification per person per event, whatever a consumer bug or a replay does.
create unique index notification_user_event on notification (user_id, source_event_id);
create index notification_user_created on notification (user_id, created_at desc, id desc);
create index notification_user_unread on notification (user_id) where read_at is null;
