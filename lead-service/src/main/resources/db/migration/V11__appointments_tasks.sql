-- Appointments (a call or meeting with a lead at a time) and tasks (a to-do on a lead with a due
-- time), each with the user who does it. They go with their lead when it is deleted.
create table appointment (
    id           uuid primary key,
    org_id       uuid         not null,
    lead_id      uuid         not null references lead (id) on delete cascade,
    kind         varchar(10)  not null check (kind in ('CALL', 'MEETING')),
    title        varchar(200) not null,
    starts_at    timestamptz  not null,
    ends_at      timestamptz,
    assignee_id  uuid         not null references app_user (id),
    status       varchar(10)  not null default 'SCHEDULED' check (status in ('SCHEDULED', 'CANCELLED')),
    created_by   uuid         not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    cancelled_at timestamptz,
    check (ends_at is null or ends_at > starts_at)
);

create index appointment_lead on appointment (lead_id, starts_at, id);
-- "Mine in a time range" and an admin's "all of the org in a time range".
create index appointment_assignee_starts on appointment (org_id, assignee_id, starts_at);
create index appointment_org_starts on appointment (org_id, starts_at);

create table lead_task (
    id           uuid primary key,
    org_id       uuid         not null,
    lead_id      uuid         not null references lead (id) on delete cascade,
    title        varchar(200) not null,
    due_at       timestamptz  not null,
    assignee_id  uuid         not null references app_user (id),
    created_by   uuid         not null,
    created_at   timestamptz  not null,
    completed_at timestamptz,
    completed_by uuid
);

create index lead_task_lead on lead_task (lead_id, due_at, id);
-- Open and overdue lists read only open tasks, by assignee or for the whole org, by due time.
create index lead_task_open_assignee on lead_task (org_id, assignee_id, due_at) where completed_at is null;
create index lead_task_open_org on lead_task (org_id, due_at) where completed_at is null;
create index lead_task_assignee on lead_task (org_id, assignee_id, due_at);
