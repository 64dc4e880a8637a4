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
            rs.getString("status"));

    private final JdbcClient jdbc;

    LeadContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The whole row, as a creation tells it. */
    void upsert(LeadContact lead, Instant at) {
        jdbc.sql("""
                        insert into lead_contact (lead_id, org_id, first_name, last_name, email, phone, company,
                                                  assignee_id, status, updated_at)
                        values (:lead, :org, :first, :last, :email, :phone, :company, :assignee, :status, :at)
                        on conflict (lead_id) do update set
                            first_name = excluded.first_name, last_name = excluded.last_name,
                            email = excluded.email, phone = excluded.phone, company = excluded.company,
                            assignee_id = excluded.assignee_id, status = excluded.status,
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
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Contact fields only (an update carries neither assignee nor status). */
    void upsertContact(LeadContact lead, Instant at) {
        jdbc.sql("""
                        insert into lead_contact (lead_id, org_id, first_name, last_name, email, phone, company, updated_at)
                        values (:lead, :org, :first, :last, :email, :phone, :company, :at)
                        on conflict (lead_id) do update set
                            first_name = excluded.first_name, last_name = excluded.last_name,
                            email = excluded.email, phone = excluded.phone, company = excluded.company,
                            updated_at = excluded.updated_at
                        """)
                .param("lead", lead.leadId())
                .param("org", lead.orgId())
                .param("first", lead.firstName())
                .param("last", lead.lastName())
                .param("email", lead.email())
                .param("phone", lead.phone())
                .param("company", lead.company())
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
        // A deleted lead's messages that have not gone out never will.
        jdbc.sql("delete from message where lead_id = :lead and org_id = :org and status = 'queued'")
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    Optional<LeadContact> find(UUID orgId, UUID leadId) {
        return jdbc.sql("select * from lead_contact where lead_id = :lead and org_id = :org")
                .param("lead", leadId)
                .param("org", orgId)
                .query(CONTACT)
                .optional();
    }

    /** The lead that most recently got a message from us at this address, else the newest with the number. */
    Optional<LeadContact> byPhone(String phone) {
        return jdbc.sql("""
                        select c.* from lead_contact c
                        left join lateral (
                            select max(m.created_at) as last_out from message m
                            where m.lead_id = c.lead_id and m.direction = 'OUTBOUND'
                        ) m on true
                        where c.phone = :phone
                        order by m.last_out desc nulls last, c.updated_at desc
                        limit 1
                        """).param("phone", phone).query(CONTACT).optional();
    }
}
