-- Shared ground for leads, import, preview pages, hot leads and quotas (issue 3). Feature tables
-- come in their own migrations: V10-V19 leads, V20-V29 import and usage, V30-V39 preview and calls.

-- Preview link token: 256 bits from PostgreSQL's strong random source, unguessable, set on insert
-- so every path that writes leads (API, import) gets one.
alter table lead
    add column preview_token    varchar(64)   not null
        default (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')),
    add column views            integer       not null default 0,
    add column cta_clicks       integer       not null default 0,
    add column seconds_on_page  integer       not null default 0,
    add column messages         integer       not null default 0,
    add column engagement_score numeric(10,2) not null default 0,
    add column became_hot_at    timestamptz;

create unique index lead_preview_token on lead (preview_token);

-- Per-organisation settings an ADMIN edits; a missing row means the defaults below.
create table org_settings (
    org_id                  uuid primary key references organisation (id),
    profile                 jsonb        not null default '{}',
    hot_lead_views          integer      not null default 3 check (hot_lead_views between 1 and 100),
    hot_lead_window_minutes integer      not null default 10 check (hot_lead_window_minutes between 1 and 1440),
    quiet_hours_start       time         not null default '21:00',
    quiet_hours_end         time         not null default '08:00',
    timezone                varchar(64)  not null default 'UTC',
    phone_region            varchar(2),
    monthly_targets         jsonb        not null default '{}',
    updated_at              timestamptz  not null default now(),
    version                 bigint       not null default 0
);

-- The plan's lead quota and the leads the organisation holds, kept in the transactions that
-- create and delete leads; one row per organisation, locked while a reservation is made.
create table org_quota (
    org_id            uuid primary key references organisation (id),
    plan              varchar(40) not null,
    plan_status       varchar(40) not null,
    lead_limit        integer     not null check (lead_limit >= 0),
    lead_count        integer     not null default 0 check (lead_count >= 0),
    plan_effective_at timestamptz not null default 'epoch',
    updated_at        timestamptz not null default now()
);

-- Everything that happened to a lead after it was created, its own changes and what other
-- services reported; source_event_id makes recording a consumed event idempotent.
create table lead_activity (
    id              uuid primary key,
    org_id          uuid        not null,
    lead_id         uuid        not null references lead (id) on delete cascade,
    type            varchar(60) not null,
    actor_id        uuid,
    occurred_at     timestamptz not null,
    data            jsonb       not null default '{}',
    source_event_id uuid unique
);

create index lead_activity_lead on lead_activity (lead_id, occurred_at desc, id desc);
