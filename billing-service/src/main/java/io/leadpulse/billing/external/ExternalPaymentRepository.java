package io.leadpulse.billing.external;

import io.leadpulse.platform.events.IntegrationEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ExternalPaymentRepository {

    private final JdbcClient jdbc;

    ExternalPaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the payment was new (its org, provider and external id not seen before) */
    boolean insert(UUID id, IntegrationEvent.TransactionSynced t, Instant now) {
        return jdbc.sql("""
                        insert into external_payment (id, org_id, provider, external_id, connection_id, amount_minor,
                            currency, status, contact_external_id, contact_email, contact_phone, occurred_at,
                            external_updated_at, recorded_at)
                        values (:id, :org, :provider, :external, :connection, :amount, :currency, :status,
                            :contact, :email, :phone, :occurred, :updated, :now)
                        on conflict (org_id, provider, external_id) do nothing
                        """)
                        .param("id", id)
                        .param("org", t.orgId())
                        .param("provider", t.provider())
                        .param("external", t.externalId())
                        .param("connection", t.connectionId())
                        .param("amount", t.amountMinor())
                        .param("currency", t.currency())
                        .param("status", t.status())
                        .param("contact", t.contactExternalId())
                        .param("email", t.contactEmail())
                        .param("phone", t.contactPhone())
                        .param("occurred", t.occurredAt() == null ? null : Timestamp.from(t.occurredAt()))
                        .param("updated", t.externalUpdatedAt() == null ? null : Timestamp.from(t.externalUpdatedAt()))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** A newer version of a known payment may only move its status (a refund on the platform). */
    boolean updateStatus(IntegrationEvent.TransactionSynced t) {
        return jdbc.sql("""
                        update external_payment set status = :status, external_updated_at = :updated
                        where org_id = :org and provider = :provider and external_id = :external
                          and status is distinct from :status
                          and (external_updated_at is null or external_updated_at < :updated)
                        """)
                        .param("status", t.status())
                        .param("updated", t.externalUpdatedAt() == null ? null : Timestamp.from(t.externalUpdatedAt()))
                        .param("org", t.orgId())
                        .param("provider", t.provider())
                        .param("external", t.externalId())
                        .update()
                == 1;
    }
}
