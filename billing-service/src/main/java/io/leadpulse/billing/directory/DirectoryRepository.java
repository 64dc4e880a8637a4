package io.leadpulse.billing.directory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DirectoryRepository {

    private final JdbcClient jdbc;

    DirectoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the organisation was seen for the first time */
    boolean rememberOrg(UUID orgId, Instant now) {
        return jdbc.sql("insert into known_org (org_id, first_seen_at) values (?, ?) on conflict do nothing")
                        .params(orgId, Timestamp.from(now))
                        .update()
                == 1;
    }

    boolean isKnownOrg(UUID orgId) {
        return jdbc.sql("select exists (select 1 from known_org where org_id = ?)")
                .param(orgId)
                .query(Boolean.class)
                .single();
    }

    void upsertLead(UUID leadId, UUID orgId, UUID assigneeId, String status, Instant at) {
        jdbc.sql("""
                        insert into lead_owner (lead_id, org_id, assignee_id, status, updated_at)
                        values (:lead, :org, :assignee, :status, :at)
                        on conflict (lead_id) do update
                        set assignee_id = excluded.assignee_id,
                            status = coalesce(excluded.status, lead_owner.status),
                            updated_at = excluded.updated_at
                        """)
                .param("lead", leadId)
                .param("org", orgId)
                .param("assignee", assigneeId)
                .param("status", status)
                .param("at", Timestamp.from(at))
                .update();
    }

    void updateStatus(UUID leadId, UUID orgId, String status, UUID assigneeId, Instant at) {
        jdbc.sql("""
                        insert into lead_owner (lead_id, org_id, assignee_id, status, updated_at)
                        values (:lead, :org, :assignee, :status, :at)
                        on conflict (lead_id) do update
                        set status = excluded.status, assignee_id = excluded.assignee_id, updated_at = excluded.updated_at
                        """)
                .param("lead", leadId)
                .param("org", orgId)
                .param("assignee", assigneeId)
                .param("status", status)
                .param("at", Timestamp.from(at))
                .update();
    }

    void markDeleted(UUID leadId, Instant at) {
        jdbc.sql("update lead_owner set deleted = true, updated_at = ? where lead_id = ?")
                .params(Timestamp.from(at), leadId)
                .update();
    }

    Optional<Directory.LeadOwner> lead(UUID leadId) {
        return jdbc.sql("select lead_id, org_id, assignee_id, status, deleted from lead_owner where lead_id = ?")
                .param(leadId)
                .query((rs, row) -> new Directory.LeadOwner(
                        rs.getObject("lead_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("assignee_id", UUID.class),
                        rs.getString("status"),
                        rs.getBoolean("deleted")))
                .optional();
    }

    void rememberCustomer(String customerId, UUID orgId) {
        jdbc.sql("""
                        insert into stripe_customer (customer_id, org_id) values (?, ?)
                        on conflict (customer_id) do nothing
                        """).params(customerId, orgId).update();
    }

    Optional<UUID> orgOfCustomer(String customerId) {
        return jdbc.sql("select org_id from stripe_customer where customer_id = ?")
                .param(customerId)
                .query(UUID.class)
                .optional();
    }
}
