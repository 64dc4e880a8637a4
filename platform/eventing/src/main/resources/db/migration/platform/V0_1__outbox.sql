-- Transactional outbox. Column names follow Debezium's outbox event router, so a large deployment
-- can replace the in-process relay with Kafka Connect + Debezium (route.by.field=aggregatetype,
-- route.topic.replacement set to the routed-by value itself, table.field.event.key=aggregateid) without touching
-- services. aggregatetype therefore holds the destination topic.
create table outbox (
    id            uuid primary key,
    aggregatetype varchar(255) not null,
    aggregateid   varchar(255) not null,
    type          varchar(255) not null,
    payload       jsonb        not null,
    traceparent   varchar(55),
    created_at    timestamptz  not null default now(),
    published_at  timestamptz
);

-- The relay only ever looks for what is still unpublished, oldest first.
create index outbox_unpublished on outbox (created_at) where published_at is null;
create index outbox_published on outbox (published_at) where published_at is not null;
