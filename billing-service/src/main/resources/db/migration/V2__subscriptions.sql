-- One row per organisation: its current plan and the Stripe subscription behind it (if any).
-- stripe_state_at is the Stripe event time of the last state applied: older events change nothing
-- (ADR 0012). effective_at orders billing.plan_changed for lead-service.
create table subscription (
    org_id                 uuid primary key,
    plan                   text        not null,
    status                 text        not null,
    lead_limit             int         not null,
    trial_ends_at          timestamptz,
    stripe_subscription_id text,
    stripe_customer_id     text,
    price_id               text,
    billing_interval       text,
    interval_count         int         not null default 1,
    unit_amount            bigint      not null default 0,
    quantity               int         not null default 1,
    currency               text,
    coupon_percent_off     numeric(7, 4),
    coupon_amount_off      bigint,
    coupon_duration        text,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean     not null default false,
    mrr_minor              bigint      not null default 0,
    stripe_state_at        timestamptz,
    effective_at           timestamptz not null,
    started_at             timestamptz not null,
    updated_at             timestamptz not null
);
create index subscription_trial_end on subscription (trial_ends_at) where status = 'trialing' and stripe_subscription_id is null;
create unique index subscription_stripe_id on subscription (stripe_subscription_id);

-- Every applied change, with MRR before and after: the source of MRR movements.
create table subscription_change (
    id          uuid primary key,
    org_id      uuid        not null,
    at          timestamptz not null,
    plan        text        not null,
    status      text        not null,
    mrr_before  bigint      not null,
    mrr_after   bigint      not null,
    cause       text        not null
);
create index subscription_change_at on subscription_change (at);
create index subscription_change_org on subscription_change (org_id, at);
