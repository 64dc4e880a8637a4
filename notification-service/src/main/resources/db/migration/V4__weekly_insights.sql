-- Weekly insights (issue 7 item 3). The org's settings other services need, from
-- org.settings_updated (newest version wins).
create table org_profile (
    org_id          uuid primary key,
    company_name    varchar(200),
    timezone        varchar(100) not null,
    monthly_targets jsonb       not null default '{}',
    version         bigint      not null
);

-- One row per counted event (the event id is the key, so a redelivery counts once), aggregated into
-- weeks when a report is built: in the org's time zone as it is then (ADR 0017).
-- kind: NEW_LEAD, REPLY, HOT, CONTACTED, CONVERSION (WON/PAID), PAYMENT, REFUND.
create table insight_fact (
    event_id    uuid primary key,
    org_id      uuid        not null,
    kind        varchar(20) not null,
    lead_id     uuid,
    user_id     uuid,
    amount      bigint,
    currency    varchar(3),
    occurred_at timestamptz not null
);
create index insight_fact_org_time on insight_fact (org_id, occurred_at);

-- Exactly once per org and ISO week: claimed in the transaction that queues the emails.
create table insight_report (
    org_id     uuid        not null,
    week       varchar(8)  not null,
    sent_at    timestamptz not null,
    recipients int         not null,
    primary key (org_id, week)
);

-- Emails may carry an HTML alternative and one attachment (the weekly report as PDF).
alter table email_delivery add column html text;
alter table email_delivery add column attachment bytea;
alter table email_delivery add column attachment_name varchar(200);
