package io.leadpulse.lead.usage;

import io.leadpulse.lead.LeadSettings;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.RealtimeMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The plan's lead quota, counted in the same transactions that create and delete leads. A
 * reservation locks the organisation's row until the transaction ends, so two imports and a
 * create racing for the last slots never overshoot. Every change pushes {@code usage.updated} to
 * {@code private-org-{id}} from the same transaction.
 */
@Component
public class Quota {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final LeadSettings.Quota defaults;

    Quota(JdbcClient jdbc, Outbox outbox, LeadSettings settings) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.defaults = settings.quota();
    }

    /**
     * Takes up to {@code wanted} slots for new leads.
     *
     * @return how many were granted, from 0 to {@code wanted}; the caller creates only that many
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int reserve(UUID orgId, int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        Row row = lock(orgId);
        int granted = Math.max(0, Math.min(wanted, row.limit() - row.count()));
        if (granted > 0) {
            jdbc.sql("update org_quota set lead_count = lead_count + :n, updated_at = now() where org_id = :org")
                    .param("n", granted)
                    .param("org", orgId)
                    .update();
            push(orgId, Usage.of(row.plan(), row.status(), row.count() + granted, row.limit()));
        }
        return granted;
    }

    /** Gives back slots of deleted leads, or of reservations a caller did not use. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(UUID orgId, int count) {
        if (count <= 0) {
            return;
        }
        Row row = lock(orgId);
        int left = Math.max(0, row.count() - count);
        jdbc.sql("update org_quota set lead_count = :left, updated_at = now() where org_id = :org")
                .param("left", left)
                .param("org", orgId)
                .update();
        push(orgId, Usage.of(row.plan(), row.status(), left, row.limit()));
    }

    /**
     * Applies a plan change from billing unless a newer one was applied already (billing's events
     * may arrive out of order).
     *
     * @return whether it changed anything
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean applyPlan(UUID orgId, String plan, String status, int limit, Instant effectiveAt) {
        Row row = lock(orgId);
        if (!effectiveAt.isAfter(row.effectiveAt())) {
            return false;
        }
        jdbc.sql("""
                        update org_quota set plan = :plan, plan_status = :status, lead_limit = :limit,
                                             plan_effective_at = :at, updated_at = now()
                        where org_id = :org
                        """)
                .param("plan", plan)
                .param("status", status)
                .param("limit", limit)
                .param("at", Timestamp.from(effectiveAt))
                .param("org", orgId)
                .update();
        push(orgId, Usage.of(plan, status, row.count(), limit));
        return true;
    }

    @Transactional(readOnly = true)
    public Usage usage(UUID orgId) {
        return jdbc.sql("select * from org_quota where org_id = :org")
                .param("org", orgId)
                .query((rs, n) -> Usage.of(
                        rs.getString("plan"),
                        rs.getString("plan_status"),
                        rs.getInt("lead_count"),
                        rs.getInt("lead_limit")))
                .optional()
                .orElseGet(() -> {
                    int count = countLeads(orgId);
                    return Usage.of(defaults.plan(), defaults.planStatus(), count, defaults.leadLimit());
                });
    }

    /** The organisation's row, created on first use with the default plan and its real lead count. */
    private Row lock(UUID orgId) {
        // The count runs only when the row is missing: every import batch reserves, and counting a
        // large organisation's leads each time would make an import quadratic.
        jdbc.sql("""
                        insert into org_quota (org_id, plan, plan_status, lead_limit, lead_count)
                        select :org, :plan, :status, :limit, (select count(*) from lead where org_id = :org)
                        where not exists (select 1 from org_quota where org_id = :org)
                        on conflict (org_id) do nothing
                        """)
                .param("org", orgId)
                .param("plan", defaults.plan())
                .param("status", defaults.planStatus())
                .param("limit", defaults.leadLimit())
                .update();
        return jdbc.sql("select * from org_quota where org_id = :org for update")
                .param("org", orgId)
                .query((rs, n) -> new Row(
                        rs.getString("plan"),
                        rs.getString("plan_status"),
                        rs.getInt("lead_limit"),
                        rs.getInt("lead_count"),
                        rs.getTimestamp("plan_effective_at").toInstant()))
                .single();
    }

    private int countLeads(UUID orgId) {
        return jdbc.sql("select count(*) from lead where org_id = :org")
                .param("org", orgId)
                .query(Integer.class)
                .single();
    }

    private void push(UUID orgId, Usage usage) {
        outbox.publish(RealtimeMessage.of(orgId, List.of(RealtimeMessage.Channels.org(orgId)), "usage.updated", usage));
    }

    private record Row(String plan, String status, int limit, int count, Instant effectiveAt) {}
}
