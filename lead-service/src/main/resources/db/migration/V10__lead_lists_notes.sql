-- Lists with filters, sorts and keyset pages (issue 3, F2). Every list index starts with org_id
-- and ends with id, the tie-breaker that makes a page boundary exact when sort keys are equal.
create index lead_org_updated on lead (org_id, updated_at desc, id desc);
create index lead_org_score on lead (org_id, engagement_score desc, id desc);
create index lead_org_last_name on lead (org_id, (lower(coalesce(last_name, ''))), id);
create index lead_tags on lead using gin (tags);

-- Text search over name, company, email and phone: a trigram index answers "contains" (ILIKE
-- '%ada%') without a scan. pg_trgm is a trusted extension, so the database owner may create it.
create extension if not exists pg_trgm;
create index lead_search on lead using gin (
    (lower(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(company, '') || ' '
           || coalesce(email, '') || ' ' || coalesce(phone, ''))) gin_trgm_ops);

create table lead_note (
    id         uuid primary key,
    org_id     uuid          not null,
    lead_id    uuid          not null references lead (id) on delete cascade,
    author_id  uuid          not null references app_user (id),
    body       varchar(10000) not null,
    created_at timestamptz   not null
);

create index lead_note_lead on lead_note (lead_id, created_at desc, id desc);

-- Per-rep stats count status moves by the lead's assignee at the time of the move.
create index lead_activity_status_stats on lead_activity (org_id, (data ->> 'assigneeId'), occurred_at)
    where type = 'lead.status_changed';

-- The synthesised lead.created timeline entry comes from the lead row; activity pages seek by
-- (occurred_at, id) within a lead, which lead_activity_lead already serves.
