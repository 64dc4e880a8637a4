-- Where the reconciliation job's walk of Stripe's event list has got to.
create table reconciliation_cursor (
    name         text primary key,
    last_created timestamptz not null,
    updated_at   timestamptz not null
);
