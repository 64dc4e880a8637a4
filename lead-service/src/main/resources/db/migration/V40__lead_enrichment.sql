-- What enrichment-service found about a lead (lead.enriched / lead.personalized), shown on the lead.
-- Each part keeps the newest by its own time, so an older event arriving late changes nothing.
alter table lead
    add column latitude          double precision,
    add column longitude         double precision,
    add column timezone          varchar(64),
    add column city              text,
    add column region            text,
    add column country           varchar(2),
    add column enrichment_source varchar(40),
    add column enriched_at       timestamptz,
    add column first_line        text,
    add column first_line_source varchar(40),
    add column personalized_at   timestamptz;
