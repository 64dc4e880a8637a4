-- Raw Stripe events, stored under Stripe's event id before the webhook is answered, then
-- processed from here by StripeEventWorker (ADR 0011).
create table stripe_event (
    id              text primary key,
    type            text        not null,
    stripe_created  timestamptz not null,
    payload         text        not null,
    received_at     timestamptz not null,
    source          text        not null,
    -- received -> processed | ignored | unmatched | failed
    status          text        not null default 'received',
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    org_id          uuid,
    outcome         text,
    processed_at    timestamptz
);
create index stripe_event_pending on stripe_event (next_attempt_at) where status = 'received';
create index stripe_event_org on stripe_event (org_id, received_at);

-- Organisations billing has seen (a lead event, an API call). Stripe events naming any other
-- organisation are kept as 'unmatched' and applied nowhere.
create table known_org (
    org_id        uuid primary key,
    first_seen_at timestamptz not null
);

-- Projection of lead.events: who owns a lead, for the rep who is told about its payment.
create table lead_owner (
    lead_id     uuid primary key,
    org_id      uuid        not null,
    assignee_id uuid,
    status      text,
    deleted     boolean     not null default false,
    updated_at  timestamptz not null
);
create index lead_owner_org on lead_owner (org_id);

-- Which organisation a Stripe customer belongs to, learned from events that carry both.
create table stripe_customer (
    customer_id text primary key,
    org_id      uuid not null
);

-- One row per payment, refund and failure. stripe_key is unique, so a replayed or duplicated
-- event adds nothing. Amounts are positive minor units; the type says which way money moved.
create table ledger_entry (
    id                uuid primary key,
    stripe_key        text        not null unique,
    org_id            uuid        not null,
    lead_id           uuid,
    type              text        not null check (type in ('payment', 'refund', 'failure')),
    amount_minor      bigint      not null check (amount_minor >= 0),
    currency          text        not null,
    payment_intent_id text,
    charge_id         text,
    invoice_id        text,
    customer_id       text,
    subscription_id   text,
    stripe_event_id   text        not null,
    failure_reason    text,
    occurred_at       timestamptz not null,
    recorded_at       timestamptz not null
);
create index ledger_entry_org_time on ledger_entry (org_id, occurred_at);
create index ledger_entry_charge on ledger_entry (charge_id) where type = 'refund';
create index ledger_entry_payment_intent on ledger_entry (payment_intent_id);
