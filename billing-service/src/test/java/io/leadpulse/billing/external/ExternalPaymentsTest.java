package io.leadpulse.billing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** Payments synced from an external platform become one ledger row each, never MRR. */
class ExternalPaymentsTest extends BillingServiceTestSupport {

    private final EventCodec codec = new EventCodec();
    private final UUID connectionId = UUID.randomUUID();

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void aSyncedTransactionIsRecordedOnceHoweverOftenItArrives() {
        UUID orgId = UUID.randomUUID();
        String external = "tx-" + UUID.randomUUID();
        IntegrationEvent.TransactionSynced paid =
                transaction(orgId, external, "succeeded", Instant.parse("2026-03-01T10:00:00Z"));
        send(paid);
        await().until(() -> rows(orgId, external) == 1);

        // The same version again (new envelope) and another version with a new syncId: still one row.
        send(paid);
        send(transaction(orgId, external, "succeeded", Instant.parse("2026-03-01T10:05:00Z")));
        IntegrationEvent.TransactionSynced refunded =
                transaction(orgId, external, "refunded", Instant.parse("2026-03-02T10:00:00Z"));
        send(refunded);
        await().until(() -> "refunded".equals(column(orgId, external, "status")));
        assertThat(rows(orgId, external)).isEqualTo(1);
        Map<String, Object> row = jdbc.sql("select * from external_payment where org_id = ? and external_id = ?")
                .param(orgId)
                .param(external)
                .query()
                .singleRow();
        assertThat(row.get("type")).isEqualTo("EXTERNAL_PAYMENT");
        assertThat(row.get("amount_minor")).isEqualTo(4999L);
        assertThat(row.get("currency")).isEqualTo("USD");
        assertThat(row.get("contact_email")).isEqualTo("payer@example.test");
        // Not in the Stripe ledger (revenue, commissions, MRR read it): one-off revenue, kept apart.
        assertThat(jdbc.sql("select count(*) from ledger_entry where org_id = ?")
                        .param(orgId)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql(
                                "select count(*) from processed_event where consumer = 'billing.integration-transactions' and event_id = ?")
                        .param(paid.syncId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anotherOrgsPaymentWithTheSameExternalIdIsItsOwnRow() {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        String external = "tx-" + UUID.randomUUID();
        send(transaction(theirs, external, "succeeded", Instant.parse("2026-03-01T10:00:00Z")));
        send(transaction(mine, external, "succeeded", Instant.parse("2026-03-01T10:00:00Z")));
        await().until(() -> rows(mine, external) == 1 && rows(theirs, external) == 1);
    }

    @Test
    void aPaymentFindsItsPayersLeadByEmailElsePhoneInItsOwnOrg() {
        UUID orgId = UUID.randomUUID();
        UUID leadId = UUID.randomUUID();
        String email = "payer-" + UUID.randomUUID() + "@example.test";
        publish(new LeadEvent.LeadCreated(
                orgId,
                leadId,
                "Pay",
                "Er",
                email,
                "+13125550199",
                "Co",
                "NEW",
                null,
                List.of(),
                "test",
                null,
                Instant.now()));
        await().until(() -> jdbc.sql("select count(*) from external_lead_contact where lead_id = ?")
                        .param(leadId)
                        .query(Long.class)
                        .single()
                == 1);

        String byEmail = "tx-" + UUID.randomUUID();
        send(payer(orgId, byEmail, email.toUpperCase(), null));
        String byPhone = "tx-" + UUID.randomUUID();
        send(payer(orgId, byPhone, null, "+1 312 555 0199"));
        String otherOrg = "tx-" + UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        send(payer(stranger, otherOrg, email, null));

        await().until(() -> rows(orgId, byEmail) == 1 && rows(orgId, byPhone) == 1 && rows(stranger, otherOrg) == 1);
        assertThat(column(orgId, byEmail, "lead_id")).isEqualTo(leadId.toString());
        assertThat(column(orgId, byPhone, "lead_id")).isEqualTo(leadId.toString());
        assertThat(column(stranger, otherOrg, "lead_id")).isNull();
    }

    private IntegrationEvent.TransactionSynced payer(UUID orgId, String external, String email, String phone) {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        return new IntegrationEvent.TransactionSynced(
                orgId,
                connectionId,
                "highlevel",
                external,
                100,
                "USD",
                "succeeded",
                null,
                email,
                phone,
                at,
                at,
                UUID.nameUUIDFromBytes((orgId + external).getBytes()));
    }

    private IntegrationEvent.TransactionSynced transaction(
            UUID orgId, String external, String status, Instant updatedAt) {
        return new IntegrationEvent.TransactionSynced(
                orgId,
                connectionId,
                "highlevel",
                external,
                4999,
                "USD",
                status,
                "contact-1",
                "payer@example.test",
                null,
                Instant.parse("2026-03-01T10:00:00Z"),
                updatedAt,
                UUID.nameUUIDFromBytes((orgId + external + updatedAt).getBytes()));
    }

    private void send(IntegrationEvent event) {
        kafka.send(Topics.INTEGRATION_EVENTS, event.subject(), codec.toJson(codec.wrap(event, null)))
                .join();
    }

    private long rows(UUID orgId, String external) {
        return jdbc.sql("select count(*) from external_payment where org_id = ? and external_id = ?")
                .param(orgId)
                .param(external)
                .query(Long.class)
                .single();
    }

    private String column(UUID orgId, String external, String column) {
        return jdbc.sql("select " + column + "::text from external_payment where org_id = ? and external_id = ?")
                .param(orgId)
                .param(external)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
