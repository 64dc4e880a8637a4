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

    /** Inserts the lead and answers it as stored, with the preview token the database drew for it. */
    Lead insert(Lead lead) {
        return jdbc.sql("""
                        insert into lead (id, org_id, first_name, last_name, email, phone, company, status,
                                          assignee_id, tags, source, created_at, updated_at)
                        values (:id, :org, :firstName, :lastName, :email, :phone, :company, :status,
                                :assignee, :tags, :source, :createdAt, :updatedAt)
                        returning *
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
                .query(LEAD)
                .single();
    }

    Optional<Lead> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from lead where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", id)
                .query(LEAD)
                .optional();
    }

    /** The lead, locked until the transaction ends, so concurrent changes to it queue up. */
    Optional<Lead> lock(UUID orgId, UUID id) {
        return jdbc.sql("select * from lead where org_id = :org and id = :id for update")
                .param("org", orgId)
                .param("id", id)
                .query(LEAD)
                .optional();
    }

    /** Writes the fields the leads API changes; {@code lead.version()} is the new version. */
    void update(Lead lead) {
        jdbc.sql("""
                        update lead set first_name = :firstName, last_name = :lastName, email = :email, phone = :phone,
                                        company = :company, tags = :tags, assignee_id = :assignee, status = :status,
                                        updated_at = :updatedAt, version = :version
                        where org_id = :org and id = :id
                        """)
                .param("firstName", lead.firstName())
                .param("lastName", lead.lastName())
                .param("email", lead.email())
                .param("phone", lead.phone())
                .param("company", lead.company())
                .param("tags", lead.tags().toArray(String[]::new))
                .param("assignee", lead.assigneeId())
                .param("status", lead.status().name())
                .param("updatedAt", Timestamp.from(lead.updatedAt()))
                .param("version", lead.version())
                .param("org", lead.orgId())
                .param("id", lead.id())
                .update();
    }

    boolean delete(UUID orgId, UUID id) {
        return jdbc.sql("delete from lead where org_id = :org and id = :id")
                        .param("org", orgId)
                        .param("id", id)
                        .update()
                == 1;
    }

    /** A lead with the text of its sort key, which the next page's cursor starts after. */
    record Keyed(Lead lead, String sortKey) {}

    /**
     * One page of a filtered list in keyset order: {@code (sortKey, id)} strictly after
     * {@code after} when given. The caller asks one more than it shows, to know if a next page exists.
     */
    List<Keyed> search(UUID orgId, UUID onlyAssignee, LeadQuery query, List<String> after, int limit) {
        LeadSort sort = query.sort();
        StringBuilder sql = new StringBuilder("select *, cast(")
                .append(sort.expression())
                .append(" as text) as sort_key from lead where org_id = :org");
        var params = new java.util.HashMap<String, Object>();
        params.put("org", orgId);
        if (onlyAssignee != null) {
            sql.append(" and assignee_id = :me");
            params.put("me", onlyAssignee);
        }
        if (!query.statuses().isEmpty()) {
            sql.append(" and status = any(cast(:statuses as text[]))");
            params.put("statuses", query.statuses().stream().map(Enum::name).toArray(String[]::new));
        }
        if (query.unassigned()) {
            sql.append(" and assignee_id is null");
        } else if (query.assigneeId() != null) {
            sql.append(" and assignee_id = :assignee");
            params.put("assignee", query.assigneeId());
        }
        if (!query.tags().isEmpty()) {
            sql.append(" and tags @> cast(:tags as text[])");
            params.put("tags", query.tags().toArray(String[]::new));
        }
        if (query.minScore() != null) {
            sql.append(" and engagement_score >= :minScore");
            params.put("minScore", query.minScore());
        }
        if (query.maxScore() != null) {
            sql.append(" and engagement_score <= :maxScore");
            params.put("maxScore", query.maxScore());
        }
        if (query.q() != null) {
            // Same expression as the lead_search trigram index, so the planner can use it.
            String text = "lower(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(company, '') || ' '"
                    + " || coalesce(email, '') || ' ' || coalesce(phone, ''))";
            sql.append(" and (").append(text).append(" like :q");
            params.put("q", "%" + likeEscape(query.q().toLowerCase(java.util.Locale.ROOT)) + "%");
            String digits = query.q().replaceAll("[^0-9]", "");
            if (digits.length() >= 3 && query.q().matches("[0-9 ()+.\\-]+")) {
                // "(415) 555-01" finds +14155550132: phones are stored as E.164 digits.
                sql.append(" or ").append(text).append(" like :digits");
                params.put("digits", "%" + digits + "%");
            }
            sql.append(")");
        }
        String op = sort.descending() ? "<" : ">";
        if (after != null) {
            sql.append(" and (")
                    .append(sort.expression())
                    .append(", id) ")
                    .append(op)
                    .append(" (cast(:afterKey as ")
                    .append(sort.sqlType())
                    .append("), :afterId)");
            params.put("afterKey", after.get(0));
            params.put("afterId", UUID.fromString(after.get(1)));
        }
        String direction = sort.descending() ? " desc" : " asc";
        sql.append(" order by ")
                .append(sort.expression())
                .append(direction)
                .append(", id")
                .append(direction)
                .append(" limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new Keyed(map(rs, row), rs.getString("sort_key")))
                .list();
    }

    void insertNote(UUID orgId, Note note) {
        jdbc.sql("""
                        insert into lead_note (id, org_id, lead_id, author_id, body, created_at)
                        values (:id, :org, :lead, :author, :body, :at)
                        """)
                .param("id", note.id())
                .param("org", orgId)
                .param("lead", note.leadId())
                .param("author", note.authorId())
                .param("body", note.body())
                .param("at", Timestamp.from(note.createdAt()))
                .update();
    }

    List<Note> notes(UUID orgId, UUID leadId, int limit) {
        return jdbc.sql("""
                        select * from lead_note where org_id = :org and lead_id = :lead
                        order by created_at desc, id desc limit :limit
                        """)
                .param("org", orgId)
                .param("lead", leadId)
                .param("limit", limit)
                .query((rs, row) -> new Note(
                        rs.getObject("id", UUID.class),
                        rs.getObject("lead_id", UUID.class),
                        rs.getObject("author_id", UUID.class),
                        rs.getString("body"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"),
                enrichment(rs));
    }

    private static LeadEnrichment enrichment(ResultSet rs) throws SQLException {
        Instant enrichedAt = instant(rs.getTimestamp("enriched_at"));
        Instant personalizedAt = instant(rs.getTimestamp("personalized_at"));
        if (enrichedAt == null && personalizedAt == null) {
            return null;
        }
        return new LeadEnrichment(
                rs.getObject("latitude", Double.class),
                rs.getObject("longitude", Double.class),
                rs.getString("timezone"),
                rs.getString("city"),
                rs.getString("region"),
                rs.getString("country"),
                rs.getString("enrichment_source"),
                enrichedAt,
                rs.getString("first_line"),
                rs.getString("first_line_source"),
                personalizedAt);
    }
}
