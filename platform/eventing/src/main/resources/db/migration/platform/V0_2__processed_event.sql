-- Idempotent consumption: a consumer records each applied event id in the same transaction as its
-- effect, so a redelivered event changes nothing.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    event_type   varchar(255) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
