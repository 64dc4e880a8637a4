package io.leadpulse.lead.leads;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LeadRepository {

    private static final RowMapper<Lead> LEAD = LeadRepository::map;

    private final JdbcClient jdbc;

    LeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the lead and answers the preview token the database drew for it. */
    String insert(Lead lead) {
        return jdbc.sql("""
                        insert into lead (id, org_id, first_name, last_name, email, phone, company, status,
                                          assignee_id, tags, source, created_at, updated_at)
                        values (:id, :org, :firstName, :lastName, :email, :phone, :company, :status,
                                :assignee, :tags, :source, :createdAt, :updatedAt)
                        returning preview_token
                        """)
                .param("id", lead.id())
                .param("org", lead.orgId())
                .param("firstName", lead.firstName())
                .param("lastName", lead.lastName())
                .param("email", lead.email())
                .param("phone", lead.phone())
                .param("company", lead.company())
                .param("status", lead.status().name())
                .param("assignee", lead.assigneeId())
                .param("tags", lead.tags().toArray(String[]::new))
                .param("source", lead.source())
                .param("createdAt", Timestamp.from(lead.createdAt()))
                .param("updatedAt", Timestamp.from(lead.updatedAt()))
                .query(String.class)
                .single();
    }

    Optional<Lead> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from lead where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", id)
                .query(LEAD)
                .optional();
    }

    List<Lead> page(UUID orgId, UUID onlyAssignee, int limit) {
        return jdbc.sql("""
                        select * from lead
                        where org_id = :org and (cast(:assignee as uuid) is null or assignee_id = :assignee)
                        order by created_at desc, id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("assignee", onlyAssignee)
                .param("limit", limit)
                .query(LEAD)
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Lead map(ResultSet rs, int row) throws SQLException {
        Array tags = rs.getArray("tags");
        return new Lead(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("company"),
                LeadStatus.valueOf(rs.getString("status")),
                rs.getObject("assignee_id", UUID.class),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                rs.getString("source"),
                rs.getString("preview_token"),
                rs.getInt("views"),
                rs.getInt("cta_clicks"),
                rs.getInt("seconds_on_page"),
                rs.getInt("messages"),
                rs.getBigDecimal("engagement_score"),
                instant(rs.getTimestamp("became_hot_at")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
