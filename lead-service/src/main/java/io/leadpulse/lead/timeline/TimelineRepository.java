package io.leadpulse.lead.timeline;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads a lead's timeline: its activity rows plus its creation, taken from the lead row itself. */
@Repository
class TimelineRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TimelineRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An entry with the text of its time, which the next page's cursor starts after. */
    record Keyed(Activity activity, String at) {}

    /**
     * Newest first, strictly older than {@code (afterAt, afterId)} when given. {@code lead.created}
     * is synthesised from the lead row (so an import writes no activity rows), and any stored entry
     * of that type is left out so it never shows twice.
     */
    List<Keyed> page(UUID orgId, UUID leadId, String afterAt, UUID afterId, int limit) {
        return jdbc.sql("""
                        select *, cast(occurred_at as text) as occurred_at_text from (
                            select id, type, actor_id, occurred_at, data::text as data
                            from lead_activity
                            where org_id = :org and lead_id = :lead and type <> 'lead.created'
                            union all
                            select id, 'lead.created', null, created_at,
                                   jsonb_build_object('source', source)::text
                            from lead
                            where org_id = :org and id = :lead
                        ) entry
                        where cast(:afterAt as timestamptz) is null
                           or (occurred_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid))
                        order by occurred_at desc, id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("lead", leadId)
                .param("afterAt", afterAt)
                .param("afterId", afterId)
                .param("limit", limit)
                .query((rs, row) -> {
                    Timestamp at = rs.getTimestamp("occurred_at");
                    Activity activity = new Activity(
                            rs.getObject("id", UUID.class),
                            leadId,
                            rs.getString("type"),
                            rs.getObject("actor_id", UUID.class),
                            at.toInstant(),
                            json.readValue(rs.getString("data"), MAP));
                    return new Keyed(activity, rs.getString("occurred_at_text"));
                })
                .list();
    }
}
