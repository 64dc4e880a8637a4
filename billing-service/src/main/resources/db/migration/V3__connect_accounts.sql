-- Stripe Connect accounts as the last newer account.updated left them (stripe_state_at orders them).
create table connect_account (
    account_id        text primary key,
    org_id            uuid        not null,
    owner_user_id     uuid,
    charges_enabled   boolean     not null,
    payouts_enabled   boolean     not null,
    details_submitted boolean     not null,
    requirements_due  int         not null,
    disabled_reason   text,
    stripe_state_at   timestamptz not null,
    updated_at        timestamptz not null
);
create index connect_account_org on connect_account (org_id);
