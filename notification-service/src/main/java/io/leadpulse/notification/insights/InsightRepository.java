package io.leadpulse.notification.insights;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class InsightRepository {

    /** One counted event. */
    record Fact(
            UUID eventId,
            UUID orgId,
            String kind,
            UUID leadId,
            UUID userId,
            Long amount,
            String currency,
            Instant occurredAt) {}

    record Counts(long newLeads, long contacted, long replies, long hotLeads, long conversions) {}

    record RepFigures(UUID userId, String name, long conversions, long replies) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InsightRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Once per event id: a redelivery adds nothing. */
    void insert(Fact fact) {
        jdbc.sql("""
                        insert into insight_fact (event_id, org_id, kind, lead_id, user_id, amount, currency, occurred_at)
                        values (:event, :org, :kind, :lead, :user, :amount, :currency, :at)
                        on conflict (event_id) do nothing
                        """)
                .param("event", fact.eventId())
                .param("org", fact.orgId())
                .param("kind", fact.kind())
                .param("lead", fact.leadId())
                .param("user", fact.userId())
                .param("amount", fact.amount())
                .param("currency", fact.currency())
                .param("at", Timestamp.from(fact.occurredAt()))
                .update();
    }

    /** Keeps the newest version of the org's settings. */
    void upsertProfile(UUID orgId, String companyName, String timezone, Map<String, Long> targets, long version) {
        jdbc.sql("""
                        insert into org_profile (org_id, company_name, timezone, monthly_targets, version)
                        values (:org, :name, :tz, cast(:targets as jsonb), :version)
                        on conflict (org_id) do update set
                            company_name = excluded.company_name, timezone = excluded.timezone,
                            monthly_targets = excluded.monthly_targets, version = excluded.version
                        where org_profile.version < excluded.version
                        """)
                .param("org", orgId)
                .param("name", companyName)
                .param("tz", timezone)
                .param("targets", json.writeValueAsString(targets == null ? Map.of() : targets))
                .param("version", version)
                .update();
    }

    Optional<OrgProfile> profile(UUID orgId) {
        return jdbc.sql("select * from org_profile where org_id = ?")
                .param(orgId)
                .query((rs, row) -> new OrgProfile(
                        orgId,
                        rs.getString("company_name"),
                        zone(rs.getString("timezone")),
                        json.readValue(rs.getString("monthly_targets"), new TypeReference<Map<String, Long>>() {})))
                .optional();
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    Counts counts(UUID orgId, Instant from, Instant to) {
        return jdbc.sql("""
                        select count(*) filter (where kind = 'NEW_LEAD') as new_leads,
                               count(distinct lead_id) filter (where kind = 'CONTACTED') as contacted,
                               count(*) filter (where kind = 'REPLY') as replies,
                               count(distinct lead_id) filter (where kind = 'HOT') as hot,
                               count(distinct lead_id) filter (where kind = 'CONVERSION') as conversions
                        from insight_fact
                        where org_id = :org and occurred_at >= :from and occurred_at < :to
                        """)
                .param("org", orgId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new Counts(
                        rs.getLong("new_leads"),
                        rs.getLong("contacted"),
                        rs.getLong("replies"),
                        rs.getLong("hot"),
                        rs.getLong("conversions")))
                .single();
    }

    /** Net revenue (payments minus refunds) per currency, in minor units. */
    Map<String, Long> revenue(UUID orgId, Instant from, Instant to) {
        Map<String, Long> revenue = new HashMap<>();
        jdbc.sql("""
                        select currency, sum(case when kind = 'PAYMENT' then amount else -amount end) as net
                        from insight_fact
                        where org_id = :org and occurred_at >= :from and occurred_at < :to
                          and kind in ('PAYMENT', 'REFUND') and currency is not null and amount is not null
                        group by currency
                        """)
                .param("org", orgId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(rs -> {
                    revenue.put(rs.getString("currency"), rs.getLong("net"));
                });
        return revenue;
    }

    /** Most conversions, then most replies, then the smaller id (stable); only people of this org. */
    Optional<RepFigures> bestRep(UUID orgId, Instant from, Instant to) {
        return jdbc.sql("""
                        select f.user_id, u.name,
                               count(distinct f.lead_id) filter (where f.kind = 'CONVERSION') as conversions,
                               count(*) filter (where f.kind = 'REPLY') as replies
                        from insight_fact f
                        left join directory_user u on u.user_id = f.user_id
                        where f.org_id = :org and f.occurred_at >= :from and f.occurred_at < :to
                          and f.kind in ('CONVERSION', 'REPLY') and f.user_id is not null
                          and (u.user_id is null or u.org_id = :org)
                        group by f.user_id, u.name
                        order by conversions desc, replies desc, f.user_id
                        limit 1
                        """)
                .param("org", orgId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new RepFigures(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("name"),
                        rs.getLong("conversions"),
                        rs.getLong("replies")))
                .optional();
    }

    /** Orgs with at least one active admin: the ones a report can go to. */
    List<UUID> orgsWithAdmins() {
        return jdbc.sql("select distinct org_id from directory_user where active and role = 'ADMIN' order by org_id")
                .query(UUID.class)
                .list();
    }

    boolean sent(UUID orgId, IsoWeek week) {
        return jdbc.sql("select count(*) from insight_report where org_id = ? and week = ?")
                        .params(orgId, week.toString())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Claims (org, week) in the caller's transaction. A second instance trying the same row waits
     * for the first one's transaction: when it committed, this returns false; when it rolled back
     * (a crash mid-send), this one gets the row.
     */
    boolean claim(UUID orgId, IsoWeek week, Instant now) {
        return jdbc.sql("""
                        insert into insight_report (org_id, week, sent_at, recipients) values (?, ?, ?, 0)
                        on conflict do nothing
                        """).params(orgId, week.toString(), Timestamp.from(now)).update() == 1;
    }

    void recipients(UUID orgId, IsoWeek week, int recipients) {
        jdbc.sql("update insight_report set recipients = ? where org_id = ? and week = ?")
                .params(recipients, orgId, week.toString())
                .update();
    }
}
