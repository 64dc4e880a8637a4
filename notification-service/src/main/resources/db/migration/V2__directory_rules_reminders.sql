-- Who is in which org, from user.created / user.updated (lead-service owns logins).
create table directory_user (
    user_id    uuid primary key,
    org_id     uuid         not null,
    name       varchar(200),
    email      varchar(320),
    role       varchar(20)  not null,
    active     boolean      not null,
    -- the producer's time of the version we hold: an older event never overwrites a newer one
    version_at timestamptz  not null
);
create index directory_user_org on directory_user (org_id) where active;

-- Each lead's org and assignee, from lead.created / lead.assigned / lead.deleted.
create table directory_lead (
    lead_id     uuid primary key,
    org_id      uuid        not null,
    assignee_id uuid,
    deleted     boolean     not null default false,
    version_at  timestamptz not null
);

-- Noisy repeats: one unread notification per person and collapse key gathers the repeats.
alter table notification add column collapse_key varchar(120);
alter table notification add column repeat_count int not null default 1;
alter table notification add column updated_at timestamptz not null default now();
create index notification_user_collapse on notification (user_id, collapse_key, created_at desc)
    where collapse_key is not null and read_at is null;

-- Appointment reminders: a durable schedule, claimed by due time with FOR UPDATE SKIP LOCKED.
create table appointment_reminder (
    appointment_id uuid primary key,
    org_id         uuid        not null,
    lead_id        uuid        not null,
    assignee_id    uuid,
    title          varchar(200),
    starts_at      timestamptz not null,
    due_at         timestamptz not null,
    cancelled      boolean     not null default false,
    sent_at        timestamptz,
    -- scheduledAt of the version we hold; cancelled is final
    version_at     timestamptz not null
);
create index appointment_reminder_due on appointment_reminder (due_at)
    where sent_at is null and not cancelled;

-- Preferences per person, type and channel; no row means the default (in-app on, email/sms off).
create table notification_preference (
    user_id uuid        not null,
    org_id  uuid        not null,
    type    varchar(60) not null,
    in_app  boolean     not null,
    email   boolean     not null,
    sms     boolean     not null,
    primary key (user_id, type)
);
