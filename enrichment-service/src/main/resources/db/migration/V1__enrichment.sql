-- What enrichment needs to know about leads and people, kept from lead.events (services share no tables).
create table lead_profile (
    lead_id     uuid primary key,
    org_id      uuid not null,
    first_name  text,
    last_name   text,
    phone       text,
    company     text,
    assignee_id uuid,
    deleted     boolean not null default false,
    updated_at  timestamptz not null
);

-- Admins receive every lead's realtime messages (ADR 0005).
create table directory_user (
    user_id    uuid primary key,
    org_id     uuid not null,
    role       text not null,
    active     boolean not null,
    updated_at timestamptz not null
);
create index directory_user_admins on directory_user (org_id) where role = 'ADMIN' and active;

-- One row per lead: the durable work (it waits here while a provider is down) and its result.
-- Two parts, each PENDING -> DONE | SKIPPED: geo (lead.enriched) and first line (lead.personalized).
-- A change of the inputs bumps generation; a worker holding an older generation writes nothing.
create table enrichment_job (
    lead_id           uuid primary key,
    org_id            uuid not null,
    generation        int not null default 1,
    status            text not null check (status in ('PENDING', 'DONE', 'CANCELLED')),
    geo_status        text not null check (geo_status in ('PENDING', 'DONE', 'SKIPPED')),
    first_line_status text not null check (first_line_status in ('PENDING', 'DONE', 'SKIPPED')),
    attempts          int not null default 0,
    invalid_answers   int not null default 0,
    requested_at      timestamptz not null,
    next_attempt_at   timestamptz not null,
    claimed_by        uuid,
    claimed_at        timestamptz,
    completed_at      timestamptz,
    last_error        text,
    latitude          double precision,
    longitude         double precision,
    timezone          text,
    city              text,
    region            text,
    country           text,
    geo_source        text,
    geo_note          text,
    enriched_at       timestamptz,
    first_line        text,
    first_line_source text,
    personalized_at   timestamptz
);
create index enrichment_job_due on enrichment_job (next_attempt_at) where status = 'PENDING';

-- Provider answers by normalised input, so the same company/number or the same prompt costs one call.
create table provider_cache (
    provider   text not null,
    input_key  text not null,
    answer     text not null,
    cached_at  timestamptz not null,
    expires_at timestamptz not null,
    primary key (provider, input_key)
);
