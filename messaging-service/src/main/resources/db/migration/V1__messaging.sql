-- What messaging knows about leads: a projection of lead.events (services share no tables).
create table lead_contact (
    lead_id     uuid primary key,
    org_id      uuid         not null,
    first_name  varchar(200),
    last_name   varchar(200),
    email       varchar(320),
    phone       varchar(40),
    company     varchar(200),
    assignee_id uuid,
    status      varchar(40),
    updated_at  timestamptz  not null
);
-- Inbound messages find their lead by the sender's number.
create index lead_contact_phone on lead_contact (phone);

-- Every message, both ways. An outbound row is also the durable send queue (status 'queued',
-- due at send_after), claimed with FOR UPDATE SKIP LOCKED.
create table message (
    id            uuid primary key,
    org_id        uuid          not null,
    lead_id       uuid          not null,
    channel       varchar(16)   not null,
    direction     varchar(8)    not null,
    from_address  varchar(340)  not null,
    to_address    varchar(340)  not null,
    body          text          not null,
    status        varchar(16)   not null,
    provider_sid  varchar(64),
    error_code    integer,
    error_message varchar(500),
    sent_by       uuid,
    attempts      integer       not null default 0,
    created_at    timestamptz   not null,
    send_after    timestamptz   not null,
    expires_at    timestamptz,
    claimed_at    timestamptz,
    status_at     timestamptz   not null,
    subject       varchar(200)
);
create unique index message_provider_sid on message (provider_sid);
create index message_lead_created on message (lead_id, created_at desc, id desc);
-- Due: queued here and not yet handed to the provider (Twilio's own 'queued' has a sid).
create index message_due on message (send_after) where status = 'queued' and claimed_at is null and provider_sid is null;
-- claimed_at: when the worker took the sending number's slot for it (kept: it shows the throughput limit at work).
create index message_claimed on message (claimed_at) where status = 'queued' and provider_sid is null and claimed_at is not null;
-- Inbound routing: the last outbound message to a number tells which lead answers.
create index message_to_address on message (to_address, created_at desc) where direction = 'OUTBOUND';

-- Per sending number, when it may send next (the throughput limit, shared by every instance).
create table sender_slot (
    sender  varchar(340) primary key,
    next_at timestamptz  not null
);

-- Addresses nobody in the organisation may send to any more (STOP, Twilio 21610).
create table suppression (
    org_id     uuid         not null,
    address    varchar(340) not null,
    reason     varchar(20)  not null,
    created_at timestamptz  not null,
    primary key (org_id, address)
);

-- Twilio webhooks, stored raw before we answer; processed from here by a worker.
create table twilio_webhook (
    id              bigserial primary key,
    kind            varchar(8)   not null,
    message_sid     varchar(64)  not null,
    message_status  varchar(32)  not null,
    params          jsonb        not null,
    received_at     timestamptz  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    processed_at    timestamptz,
    outcome         varchar(32),
    constraint twilio_webhook_sid_status unique (message_sid, message_status)
);
create index twilio_webhook_pending on twilio_webhook (next_attempt_at) where processed_at is null;
create index twilio_webhook_pending_sid on twilio_webhook (message_sid) where processed_at is null;

-- Per organisation: HELP reply and quiet hours; absent rows use the service's defaults.
create table org_messaging_settings (
    org_id      uuid primary key,
    help_reply  varchar(320) not null,
    quiet_start time         not null,
    quiet_end   time         not null,
    timezone    varchar(64)  not null
);

-- One conversation per lead and channel: what the inbox lists, with its unread count.
create table conversation (
    id              uuid primary key,
    org_id          uuid         not null,
    lead_id         uuid         not null,
    channel         varchar(16)  not null,
    last_message_at timestamptz  not null,
    last_direction  varchar(8)   not null,
    last_preview    varchar(160) not null,
    unread_count    integer      not null default 0,
    last_read_at    timestamptz,
    constraint conversation_lead_channel unique (lead_id, channel)
);
create index conversation_org_recent on conversation (org_id, last_message_at desc, id desc);

-- Sequences (F11): steps an organisation defines, and leads enrolled in them. The enrolment row
-- is the durable schedule: due at due_at, claimed with FOR UPDATE SKIP LOCKED.
create table sequence (
    id         uuid primary key,
    org_id     uuid         not null,
    name       varchar(200) not null,
    created_by uuid         not null,
    created_at timestamptz  not null
);
create index sequence_org on sequence (org_id, created_at desc);

create table sequence_step (
    sequence_id   uuid         not null references sequence (id),
    position      integer      not null,
    channel       varchar(16)  not null,
    delay_seconds bigint       not null,
    subject       varchar(200),
    template      text         not null,
    allowed_days  varchar(80)  not null,
    allowed_from  time         not null,
    allowed_until time         not null,
    primary key (sequence_id, position)
);

create table enrolment (
    id          uuid primary key,
    org_id      uuid         not null,
    sequence_id uuid         not null references sequence (id),
    lead_id     uuid         not null,
    status      varchar(16)  not null,
    next_step   integer      not null,
    due_at      timestamptz  not null,
    reason      varchar(40),
    enrolled_by uuid         not null,
    enrolled_at timestamptz  not null,
    updated_at  timestamptz  not null,
    constraint enrolment_sequence_lead unique (sequence_id, lead_id)
);
create index enrolment_due on enrolment (due_at) where status = 'ACTIVE';
create index enrolment_lead on enrolment (lead_id) where status = 'ACTIVE';
