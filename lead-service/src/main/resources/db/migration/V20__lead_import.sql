-- CSV imports (issue 3, F3). The uploaded file stays on disk (lead.imports.directory) until the
-- import ends; these tables hold the job, the keys it has seen and the rows it rejected.

create table lead_import (
    id              uuid primary key,
    org_id          uuid         not null references organisation (id),
    started_by      uuid         not null references app_user (id),
    -- set when a REP imports: the leads are assigned to it and it may update only its own leads
    assignee_id     uuid         references app_user (id),
    file_name       varchar(255) not null,
    file_path       varchar(1000) not null,
    file_size       bigint       not null,
    status          varchar(20)  not null,
    delimiter       char(1)      not null,
    has_header      boolean      not null,
    headers         jsonb        not null,
    sample          jsonb        not null,
    mapping         jsonb        not null,
    mode            varchar(20)  not null,
    total_rows      bigint       not null,
    processed       bigint       not null default 0,
    created         bigint       not null default 0,
    updated         bigint       not null default 0,
    skipped         bigint       not null default 0,
    failed          bigint       not null default 0,
    left_out        bigint       not null default 0,
    cancel_requested boolean     not null default false,
    error           varchar(1000),
    created_at      timestamptz  not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz  not null default now()
);

create index lead_import_org_created on lead_import (org_id, created_at desc);
create index lead_import_running on lead_import (status) where status in ('QUEUED', 'RUNNING');

-- Every email and phone an import has met, so a duplicate inside the file is found in constant
-- memory however large the file; deleted when the import ends. Unlogged: it is scratch space (a
-- crash empties it, and the sweep fails the import it belonged to anyway).
create unlogged table lead_import_key (
    import_id uuid        not null references lead_import (id) on delete cascade,
    key       varchar(330) not null,
    line      bigint      not null,
    primary key (import_id, key)
);

-- Rows an import rejected, with the original record, for the downloadable errors.csv.
create table lead_import_error (
    import_id uuid          not null references lead_import (id) on delete cascade,
    line      bigint        not null,
    record    text          not null,
    error     varchar(500)  not null,
    primary key (import_id, line)
);
