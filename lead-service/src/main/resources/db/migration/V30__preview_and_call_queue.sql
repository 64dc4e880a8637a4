-- Preview page tracking (F4), hot-lead detection (F5) and the live call queue.

-- Every beacon event a preview page sent: the hot-lead window counts VIEW rows, and a client event
-- id seen twice for one lead (a retried beacon) is recorded once.
create table preview_event (
    id              uuid primary key,
    org_id          uuid        not null,
    lead_id         uuid        not null references lead (id) on delete cascade,
    type            varchar(20) not null check (type in ('VIEW', 'HEARTBEAT', 'CTA_CLICK', 'QUOTE_ACCEPTED')),
    seconds         integer     not null default 0 check (seconds >= 0),
    client_event_id varchar(64),
    occurred_at     timestamptz not null
);

create unique index preview_event_client_id on preview_event (lead_id, client_event_id)
    where client_event_id is not null;
create index preview_event_views on preview_event (lead_id, occurred_at) where type = 'VIEW';

-- The organisation's live call queue: hot leads waiting for a call, oldest first, each held by
-- at most one caller at a time. from_pool: the lead was unassigned and its caller got it by the
-- claim; every rep still sees who is calling it, and a release hands it back to the pool.
create table call_queue_entry (
    lead_id    uuid primary key references lead (id) on delete cascade,
    org_id     uuid        not null,
    joined_at  timestamptz not null,
    claimed_by uuid references app_user (id),
    claimed_at timestamptz,
    from_pool  boolean     not null default false,
    check ((claimed_by is null) = (claimed_at is null))
);

create index call_queue_entry_org on call_queue_entry (org_id, joined_at, lead_id);
