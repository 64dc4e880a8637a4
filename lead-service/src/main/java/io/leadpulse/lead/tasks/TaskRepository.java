package io.leadpulse.lead.tasks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TaskRepository {

    /** Which tasks a list shows. */
    enum Filter {
        OPEN,
        OVERDUE,
        DONE,
        ALL
    }

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LeadTask t) {
        jdbc.sql("""
                        insert into lead_task (id, org_id, lead_id, title, due_at, assignee_id, created_by, created_at)
                        values (:id, :org, :lead, :title, :due, :assignee, :createdBy, :createdAt)
                        """)
                .param("id", t.id())
                .param("org", t.orgId())
                .param("lead", t.leadId())
                .param("title", t.title())
                .param("due", Timestamp.from(t.dueAt()))
                .param("assignee", t.assigneeId())
                .param("createdBy", t.createdBy())
                .param("createdAt", Timestamp.from(t.createdAt()))
                .update();
    }

    /** Marks the task done unless it is already; answers whether this call completed it. */
    boolean complete(UUID orgId, UUID id, UUID by, Instant at) {
        return jdbc.sql("""
                                update lead_task set completed_at = :at, completed_by = :by
                                where org_id = :org and id = :id and completed_at is null
                                """)
                        .param("at", Timestamp.from(at))
                        .param("by", by)
                        .param("org", orgId)
                        .param("id", id)
                        .update()
                == 1;
    }

    Optional<LeadTask> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from lead_task where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", id)
                .query(TaskRepository::map)
                .optional();
    }

    List<LeadTask> forLead(UUID orgId, UUID leadId) {
        return jdbc.sql("select * from lead_task where org_id = :org and lead_id = :lead order by due_at, id")
                .param("org", orgId)
                .param("lead", leadId)
                .query(TaskRepository::map)
                .list();
    }

    /** Tasks of one assignee or (null) the whole organisation, soonest due first. */
    List<LeadTask> list(UUID orgId, UUID assignee, Filter filter, Instant now, int limit) {
        String condition = switch (filter) {
            case OPEN -> "completed_at is null";
            case OVERDUE -> "completed_at is null and due_at < :now";
            case DONE -> "completed_at is not null";
            case ALL -> "true";
        };
        return jdbc.sql("select * from lead_task where org_id = :org"
                        + " and (cast(:assignee as uuid) is null or assignee_id = :assignee) and " + condition
                        + " order by due_at, id limit :limit")
                .param("org", orgId)
                .param("assignee", assignee)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(TaskRepository::map)
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static LeadTask map(ResultSet rs, int row) throws SQLException {
        return new LeadTask(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getObject("lead_id", UUID.class),
                rs.getString("title"),
                instant(rs.getTimestamp("due_at")),
                rs.getObject("assignee_id", UUID.class),
                rs.getObject("created_by", UUID.class),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("completed_at")),
                rs.getObject("completed_by", UUID.class));
    }
}
