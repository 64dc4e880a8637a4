-- Issue 4, what was left: enrolment by rule, enrichment in the projection, email warm-up, bounces
-- and tracking.

-- What a rule may test: where the lead came from (lead.created's source: 'import', 'api'...) and its tags.
alter table lead_contact add column source varchar(40);
alter table lead_contact add column tags text[] not null default '{}';
alter table lead_contact add column created_at timestamptz;

-- enrichment.events, kept apart from lead_contact: they arrive on another topic, possibly before
-- the lead itself, and each field keeps the newest value by the provider's own time.
create table lead_enrichment (
    lead_id         uuid primary key,
    org_id          uuid         not null,
    timezone        varchar(64),
    enriched_at     timestamptz,
    first_line      text,
    personalized_at timestamptz
);

-- A sequence may enrol leads by itself: {"on": ["lead.created"], "source": "import", "tags": [...], "status": "NEW"}.
alter table sequence add column enrol_rule jsonb;
create index sequence_with_rule on sequence (org_id) where enrol_rule is not null;

-- MANUAL (someone enrolled the lead) or RULE (the sequence's rule matched it).
alter table enrolment add column enrolled_via varchar(8) not null default 'MANUAL';
-- Set while a step waits for the lead's AI first line ({{firstLine}}); personalisation wakes it.
alter table enrolment add column waiting_for varchar(16);
create index enrolment_waiting on enrolment (lead_id) where waiting_for is not null;

-- Email warm-up: per sending address, the day of its first send and what it sent today.
create table email_sender (
    sender     varchar(340) primary key,
    first_day  date         not null,
    day        date         not null,
    sent       integer      not null
);

-- A soft-bounced email is sent again as a new message; this counts the soft bounces behind it.
alter table message add column soft_bounces integer not null default 0;

-- Bounce and complaint reports read from the bounce mailbox, stored under their Message-ID
-- (unique) in the transaction that applies them: a report read twice changes nothing.
create table email_report (
    report_id   varchar(998) primary key,
    kind        varchar(16)  not null,
    message_id  uuid,
    address     varchar(340),
    status_code varchar(16),
    raw         text         not null,
    received_at timestamptz  not null,
    outcome     varchar(40)  not null
);

-- Opens and clicks, once per message and kind.
create table email_tracking (
    message_id uuid        not null,
    kind       varchar(8)  not null,
    first_at   timestamptz not null,
    url        text,
    primary key (message_id, kind)
);
