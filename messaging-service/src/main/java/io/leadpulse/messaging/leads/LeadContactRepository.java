package io.leadpulse.messaging.leads;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LeadContactRepository {

    private static final RowMapper<LeadContact> CONTACT = (rs, row) -> new LeadContact(
            rs.getObject("lead_id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getString("first_name"),
            rs.getString("last_name"),
            rs.getString("email"),
            rs.getString("phone"),
            rs.getString("company"),
            rs.getObject("assignee_id", UUID.class),
            rs.getString("status"),
            rs.getString("source"),
            tags(rs.getArray("tags")),
            rs.getString("timezone"),
            rs.getString("first_line"),
            instantOrNull(rs.getTimestamp("created_at")));

    /** The projection with what enrichment told about the lead. */
    private static final String SELECT = """
            select c.*, e.timezone, e.first_line from lead_contact c
            left join lead_enrichment e on e.lead_id = c.lead_id
            """;

    private final JdbcClient jdbc;

    LeadContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The whole row, as a creation tells it. */
    void upsert(LeadContact lead, Instant at) {
        jdbc.sql("""
                        insert into lead_contact (lead_id, org_id, first_name, last_name, email, phone, company,
                                                  assignee_id, status, source, tags, created_at, updated_at)
                        values (:lead, :org, :first, :last, :email, :phone, :company, :assignee, :status, :source,
                                :tags, :at, :at)
                        on conflict (lead_id) do update set
                            first_name = excluded.first_name, last_name = excluded.last_name,
                            email = excluded.email, phone = excluded.phone, company = excluded.company,
                            assignee_id = excluded.assignee_id, status = excluded.status,
                            source = excluded.source, tags = excluded.tags, created_at = excluded.created_at,
                            updated_at = excluded.updated_at
                        """)
                .param("lead", lead.leadId())
                .param("org", lead.orgId())
                .param("first", lead.firstName())
                .param("last", lead.lastName())
                .param("email", lead.email())
                .param("phone", lead.phone())
                .param("company", lead.company())
                .param("assignee", lead.assigneeId())
                .param("status", lead.status())
                .param("source", lead.source())
                .param("tags", lead.tags().toArray(String[]::new))
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Contact fields only (an update carries neither assignee nor status). */
    void upsertContact(LeadContact lead, Instant at) {
        jdbc.sql("""
                        insert into lead_contact (lead_id, org_id, first_name, last_name, email, phone, company, tags,
                                                  updated_at)
                        values (:lead, :org, :first, :last, :email, :phone, :company, :tags, :at)
                        on conflict (lead_id) do update set
                            first_name = excluded.first_name, last_name = excluded.last_name,
                            email = excluded.email, phone = excluded.phone, company = excluded.company,
                            tags = excluded.tags, updated_at = excluded.updated_at
                        """)
                .param("lead", lead.leadId())
                .param("org", lead.orgId())
                .param("first", lead.firstName())
                .param("last", lead.lastName())
                .param("email", lead.email())
                .param("phone", lead.phone())
                .param("company", lead.company())
                .param("tags", lead.tags().toArray(String[]::new))
                .param("at", Timestamp.from(at))
                .update();
    }

    void assign(UUID orgId, UUID leadId, UUID assigneeId, Instant at) {
        jdbc.sql(
                        "update lead_contact set assignee_id = :assignee, updated_at = :at where lead_id = :lead and org_id = :org")
                .param("assignee", assigneeId)
                .param("at", Timestamp.from(at))
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    void status(UUID orgId, UUID leadId, String status, UUID assigneeId, Instant at) {
        jdbc.sql("""
                        update lead_contact set status = :status, assignee_id = :assignee, updated_at = :at
                        where lead_id = :lead and org_id = :org
                        """)
                .param("status", status)
                .param("assignee", assigneeId)
                .param("at", Timestamp.from(at))
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    void delete(UUID orgId, UUID leadId) {
        jdbc.sql("delete from lead_contact where lead_id = :lead and org_id = :org")
                .param("lead", leadId)
                .param("org", orgId)
                .update();
        jdbc.sql("delete from lead_enrichment where lead_id = :lead and org_id = :org")
                .param("lead", leadId)
                .param("org", orgId)
                .update();
        // A deleted lead's messages that have not gone out never will.
        jdbc.sql("delete from message where lead_id = :lead and org_id = :org and status = 'queued'")
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    Optional<LeadContact> find(UUID orgId, UUID leadId) {
        return jdbc.sql(SELECT + " where c.lead_id = :lead and c.org_id = :org")
                .param("lead", leadId)
                .param("org", orgId)
                .query(CONTACT)
                .optional();
    }

    /**
     * The lead we last wrote to at {@code from} from our number {@code to}: its organisation is the
     * one this conversation belongs to.
     */
    Optional<LeadContact> lastWrittenTo(String from, String to) {
        return jdbc.sql("""
                        select c.*, e.timezone, e.first_line from message m
                        join lead_contact c on c.lead_id = m.lead_id
                        left join lead_enrichment e on e.lead_id = c.lead_id
                        where m.direction = 'OUTBOUND' and m.to_address = :from and m.from_address = :to
                        order by m.created_at desc
                        limit 1
                        """).param("from", from).param("to", to).query(CONTACT).optional();
    }

    /** The leads with this number, newest first (possibly of several organisations). */
    java.util.List<LeadContact> withPhone(String phone) {
        return jdbc.sql(SELECT + " where c.phone = :phone order by c.updated_at desc limit 50")
                .param("phone", phone)
                .query(CONTACT)
                .list();
    }

    /** Newest wins: an older {@code lead.enriched} than the one kept changes nothing. */
    void timezone(UUID orgId, UUID leadId, String timezone, Instant at) {
        jdbc.sql("""
                        insert into lead_enrichment (lead_id, org_id, timezone, enriched_at) values (:lead, :org, :tz, :at)
                        on conflict (lead_id) do update set timezone = excluded.timezone, enriched_at = excluded.enriched_at
                        where lead_enrichment.enriched_at is null or lead_enrichment.enriched_at < excluded.enriched_at
                        """)
                .param("lead", leadId)
                .param("org", orgId)
                .param("tz", timezone)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Newest wins, as for the timezone; answers whether this line is now the lead's. */
    boolean firstLine(UUID orgId, UUID leadId, String firstLine, Instant at) {
        return jdbc.sql("""
                        insert into lead_enrichment (lead_id, org_id, first_line, personalized_at)
                        values (:lead, :org, :line, :at)
                        on conflict (lead_id) do update set first_line = excluded.first_line,
                            personalized_at = excluded.personalized_at
                        where lead_enrichment.personalized_at is null
                           or lead_enrichment.personalized_at < excluded.personalized_at
                        """)
                        .param("lead", leadId)
                        .param("org", orgId)
                        .param("line", firstLine)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    private static java.util.List<String> tags(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? java.util.List.of() : java.util.List.of((String[]) array.getArray());
    }

    private static Instant instantOrNull(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
