package io.leadpulse.billing.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LedgerRepository {

    private final JdbcClient jdbc;

    LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when an entry with the same Stripe key exists (a replay) */
    boolean insert(LedgerEntry e, Instant now) {
        return jdbc.sql("""
                        insert into ledger_entry (id, stripe_key, org_id, lead_id, type, amount_minor, currency,
                            payment_intent_id, charge_id, invoice_id, customer_id, subscription_id, stripe_event_id,
                            failure_reason, occurred_at, recorded_at)
                        values (:id, :key, :org, :lead, :type, :amount, :currency, :pi, :charge, :invoice, :customer,
                            :subscription, :event, :reason, :occurred, :now)
                        on conflict (stripe_key) do nothing
                        """)
                        .param("id", e.id())
                        .param("key", e.stripeKey())
                        .param("org", e.orgId())
                        .param("lead", e.leadId())
                        .param("type", e.type().column())
                        .param("amount", e.amountMinor())
                        .param("currency", e.currency())
                        .param("pi", e.paymentIntentId())
                        .param("charge", e.chargeId())
                        .param("invoice", e.invoiceId())
                        .param("customer", e.customerId())
                        .param("subscription", e.subscriptionId())
                        .param("event", e.stripeEventId())
                        .param("reason", e.failureReason())
                        .param("occurred", Timestamp.from(e.occurredAt()))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Serialises refund bookkeeping of one charge across workers (released at commit). */
    void lockCharge(String chargeId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "ledger-charge:" + chargeId)
                .query(Object.class)
                .single();
    }

    long refundedSoFar(String chargeId) {
        return jdbc.sql(
                        "select coalesce(sum(amount_minor), 0) from ledger_entry where type = 'refund' and charge_id = ?")
                .param(chargeId)
                .query(Long.class)
                .single();
    }

    /** The payment a refund or a late event refers to. */
    Optional<LedgerEntry> paymentOf(String paymentIntentId, String chargeId) {
        return jdbc.sql("""
                        select * from ledger_entry
                        where type = 'payment'
                          and (payment_intent_id = :pi or charge_id = :charge)
                        order by occurred_at
                        limit 1
                        """)
                .param("pi", paymentIntentId)
                .param("charge", chargeId)
                .query((rs, row) -> new LedgerEntry(
                        rs.getObject("id", UUID.class),
                        rs.getString("stripe_key"),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("lead_id", UUID.class),
                        LedgerEntry.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
                        rs.getLong("amount_minor"),
                        rs.getString("currency"),
                        rs.getString("payment_intent_id"),
                        rs.getString("charge_id"),
                        rs.getString("invoice_id"),
                        rs.getString("customer_id"),
                        rs.getString("subscription_id"),
                        rs.getString("stripe_event_id"),
                        rs.getString("failure_reason"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .optional();
    }
}
