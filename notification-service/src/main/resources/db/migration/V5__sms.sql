-- SMS notifications (ADR 0023). The person's own mobile number and consent, from user.created /
-- user.updated (lead-service: only the person gives consent; a new number resets it).
alter table directory_user add column phone       varchar(20);
alter table directory_user add column sms_consent boolean not null default false;

-- Texts a person asked for (SMS preference on, a number and consent), written in the notification's
-- transaction and sent by SmsWorker afterwards: a rolled-back event texts nothing, a redelivered one
-- texts once. The number is read from the directory when sending (consent withdrawn or number
-- changed meanwhile: the row is cancelled), so it is not copied here.
-- status: PENDING (due at next_attempt_at: a retry, the end of quiet hours, or a claim's lease),
-- SENT, FAILED (Twilio refused it for good, or attempts ran out), CANCELLED (no consent any more).
create table sms_delivery (
    id              uuid primary key,
    org_id          uuid         not null,
    user_id         uuid         not null,
    type            varchar(60)  not null,
    body            varchar(320) not null,
    source_event_id uuid         not null,
    urgent          boolean      not null,
    status          varchar(10)  not null default 'PENDING'
        check (status in ('PENDING', 'SENT', 'FAILED', 'CANCELLED')),
    attempts        int          not null default 0,
    created_at      timestamptz  not null,
    next_attempt_at timestamptz  not null,
    sent_at         timestamptz,
    provider_sid    varchar(64),
    error_code      int,
    last_error      varchar(300)
);
create unique index sms_delivery_user_event on sms_delivery (user_id, source_event_id);
create index sms_delivery_due on sms_delivery (next_attempt_at) where status = 'PENDING';
