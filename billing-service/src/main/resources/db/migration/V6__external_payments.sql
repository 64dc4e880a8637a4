-- Payments taken on an external platform (integration.transaction_synced from enrichment-service's sync):
-- one-off revenue, recorded once per org, provider and external transaction id. Kept apart from the Stripe
-- ledger_entry rows, so MRR, subscription revenue and Stripe reconciliation never count them.
create table external_payment (
    id                  uuid primary key,
    org_id              uuid        not null,
    provider            text        not null,
    external_id         text        not null,
    connection_id       uuid        not null,
    type                text        not null default 'EXTERNAL_PAYMENT' check (type = 'EXTERNAL_PAYMENT'),
    amount_minor        bigint      not null check (amount_minor >= 0),
    currency            text        not null,
    status              text,
    lead_id             uuid,
    contact_external_id text,
    contact_email       text,
    contact_phone       text,
    occurred_at         timestamptz,
    external_updated_at timestamptz,
    recorded_at         timestamptz not null,
    unique (org_id, provider, external_id)
);
create index external_payment_org_time on external_payment (org_id, occurred_at);

-- Each lead's email and phone, from lead.events, to find the lead an external payment's payer is.
-- Newest change wins (updated_at), so a redelivered or late event never undoes a later one.
create table external_lead_contact (
    lead_id    uuid primary key,
    org_id     uuid        not null,
    email      text,
    phone      text,
    deleted    boolean     not null default false,
    updated_at timestamptz not null
);
create index external_lead_contact_email on external_lead_contact (org_id, email);
create index external_lead_contact_phone on external_lead_contact (org_id, phone);
