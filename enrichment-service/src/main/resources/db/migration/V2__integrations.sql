-- External platform sync (F8): connections with OAuth tokens, the sync state per (connection, data type),
-- and what was last emitted per external record (reconciliation compares against it).

-- One row per connection an admin made. Tokens are AES-256-GCM ciphertext (nonce || ciphertext || tag),
-- never plaintext; token_key_id names the key that sealed them so keys can rotate (ADR 0016).
create table integration_connection (
    id               uuid primary key,
    org_id           uuid not null,
    provider         text not null,
    status           text not null check (status in ('CONNECTED', 'NEEDS_REAUTH', 'DISCONNECTED')),
    status_reason    text,
    connected_by     uuid not null,
    external_account text,
    scope            text,
    access_token     bytea,
    refresh_token    bytea,
    token_key_id     text,
    expires_at       timestamptz,
    connected_at     timestamptz not null,
    updated_at       timestamptz not null
);
-- One live connection per organisation and platform; a disconnected one stays for its history.
create unique index integration_connection_live on integration_connection (org_id, provider)
    where status <> 'DISCONNECTED';

-- OAuth2 state: random, single use, bound to the org and user who asked, expiring.
create table oauth_state (
    state      text primary key,
    org_id     uuid not null,
    user_id    uuid not null,
    provider   text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);

-- One row per (connection, data type): the incremental cursor (opaque to the engine, the connector's),
-- a reconciliation's own cursor while one runs, counts, the last error and the schedule.
create table sync_state (
    connection_id     uuid not null references integration_connection (id),
    data_type         text not null check (data_type in ('CONTACTS', 'TRANSACTIONS')),
    org_id            uuid not null,
    status            text not null check (status in ('IDLE', 'RUNNING', 'RETRYING', 'FAILED', 'STOPPED')),
    mode              text not null default 'INCREMENTAL' check (mode in ('INCREMENTAL', 'RECONCILE')),
    cursor            text,
    reconcile_cursor  text,
    pages             bigint not null default 0,
    records           bigint not null default 0,
    run_pages         int not null default 0,
    run_records       int not null default 0,
    errors            int not null default 0,
    invalid_answers   int not null default 0,
    last_error        text,
    last_page_at      timestamptz,
    run_started_at    timestamptz,
    last_completed_at timestamptz,
    last_reconciled_at timestamptz,
    next_run_at       timestamptz,
    claimed_by        uuid,
    lease_until       timestamptz,
    primary key (connection_id, data_type)
);
create index sync_state_due on sync_state (next_run_at) where status in ('IDLE', 'RETRYING', 'FAILED');

-- What was last emitted for each external record: a reconciliation emits only records whose content differs.
create table sync_record (
    connection_id       uuid not null,
    data_type           text not null,
    external_id         text not null,
    content_hash        text not null,
    external_updated_at timestamptz,
    emitted_at          timestamptz not null,
    seen_at             timestamptz not null,
    primary key (connection_id, data_type, external_id)
);
