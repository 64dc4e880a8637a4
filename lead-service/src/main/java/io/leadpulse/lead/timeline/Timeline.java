package io.leadpulse.lead.timeline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a lead's timeline, in the transaction of the change it records. Every feature that
 * changes a lead records here; events from other services are recorded once per event id.
 */
@Component
public class Timeline {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Timeline(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records something a user, a rule or the lead did. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Activity record(UUID orgId, UUID leadId, String type, UUID actorId, Instant at, Map<String, Object> data) {
        Activity activity = new Activity(UUID.randomUUID(), leadId, type, actorId, at, Map.copyOf(data));
        insert(orgId, activity, null);
        return activity;
    }

    /**
     * Records what another service reported, once: a redelivered event with the same id adds nothing.
     *
     * @return whether the entry was new (false for a redelivery, or a lead that is gone)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordEvent(
            UUID eventId, UUID orgId, UUID leadId, String type, Instant at, Map<String, Object> data) {
        Activity activity = new Activity(UUID.randomUUID(), leadId, type, null, at, Map.copyOf(data));
        return insert(orgId, activity, eventId) == 1;
    }

    private int insert(UUID orgId, Activity activity, UUID sourceEventId) {
        return jdbc.sql("""
                        insert into lead_activity (id, org_id, lead_id, type, actor_id, occurred_at, data, source_event_id)
                        select :id, :org, :lead, :type, :actor, :at, cast(:data as jsonb), :source
                        where exists (select 1 from lead where id = :lead and org_id = :org)
                        on conflict (source_event_id) do nothing
                        """)
                .param("id", activity.id())
                .param("org", orgId)
                .param("lead", activity.leadId())
                .param("type", activity.type())
                .param("actor", activity.actorId())
                .param("at", Timestamp.from(activity.occurredAt()))
                .param("data", json.writeValueAsString(activity.data()))
                .param("source", sourceEventId)
                .update();
    }
}
