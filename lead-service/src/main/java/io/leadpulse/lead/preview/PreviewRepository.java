package io.leadpulse.lead.preview;

import io.leadpulse.lead.leads.LeadStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Preview tokens, beacon events and the engagement counters on {@code lead}. */
@Repository
class PreviewRepository {

    private final JdbcClient jdbc;

    PreviewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the page shows about a lead, with its organisation's name. */
    record PageLead(UUID leadId, UUID orgId, String orgName, String firstName, String company) {}

    /** The lead as the beacon changes it, read under a row lock. */
    record TrackedLead(
            UUID id,
            UUID orgId,
            String firstName,
            String lastName,
            String company,
            LeadStatus status,
            UUID assigneeId,
            int views,
            int ctaClicks,
            int secondsOnPage,
            int messages,
            BigDecimal engagementScore,
            Instant becameHotAt) {}

    Optional<PageLead> findPage(String token) {
        return jdbc.sql("""
                        select l.id, l.org_id, o.name as org_name, l.first_name, l.company
                        from lead l join organisation o on o.id = l.org_id
                        where l.preview_token = :token
                        """)
                .param("token", token)
                .query((rs, row) -> new PageLead(
                        rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getString("org_name"),
                        rs.getString("first_name"),
                        rs.getString("company")))
                .optional();
    }

    /**
     * The lead behind a token, its row locked until the transaction ends: one lead's beacon events
     * are applied one after the other, so counters add up and a lead turns hot once.
     */
    Optional<TrackedLead> lockByToken(String token) {
        return jdbc.sql("select * from lead where preview_token = :token for update")
                .param("token", token)
                .query(PreviewRepository::tracked)
                .optional();
    }

    /** @return false when this client event id was recorded for the lead already */
    boolean insertEvent(UUID orgId, UUID leadId, PreviewEventType type, int seconds, String clientEventId, Instant at) {
        return jdbc.sql("""
                        insert into preview_event (id, org_id, lead_id, type, seconds, client_event_id, occurred_at)
                        values (:id, :org, :lead, :type, :seconds, :client, :at)
                        on conflict (lead_id, client_event_id) where client_event_id is not null do nothing
                        """)
                        .param("id", UUID.randomUUID())
                        .param("org", orgId)
                        .param("lead", leadId)
                        .param("type", type.name())
                        .param("seconds", seconds)
                        .param("client", clientEventId)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    void updateEngagement(UUID leadId, int views, int ctaClicks, int secondsOnPage, BigDecimal score, Instant at) {
        jdbc.sql("""
                        update lead set views = :views, cta_clicks = :clicks, seconds_on_page = :seconds,
                                        engagement_score = :score, updated_at = :at
                        where id = :id
                        """)
                .param("views", views)
                .param("clicks", ctaClicks)
                .param("seconds", secondsOnPage)
                .param("score", score)
                .param("at", Timestamp.from(at))
                .param("id", leadId)
                .update();
    }

    private static TrackedLead tracked(ResultSet rs, int row) throws SQLException {
        Timestamp hot = rs.getTimestamp("became_hot_at");
        return new TrackedLead(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("company"),
                LeadStatus.valueOf(rs.getString("status")),
                rs.getObject("assignee_id", UUID.class),
                rs.getInt("views"),
                rs.getInt("cta_clicks"),
                rs.getInt("seconds_on_page"),
                rs.getInt("messages"),
                rs.getBigDecimal("engagement_score"),
                hot == null ? null : hot.toInstant());
    }
}
