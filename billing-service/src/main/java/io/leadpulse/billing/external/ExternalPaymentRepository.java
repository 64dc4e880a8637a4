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
    boolean insert(UUID id, IntegrationEvent.TransactionSynced t, UUID leadId, Instant now) {
        return jdbc.sql("""
                        insert into external_payment (id, org_id, provider, external_id, connection_id, amount_minor,
                            currency, status, lead_id, contact_external_id, contact_email, contact_phone, occurred_at,
                            external_updated_at, recorded_at)
                        values (:id, :org, :provider, :external, :connection, :amount, :currency, :status, :lead,
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
                        .param("lead", leadId)
                        .param("contact", t.contactExternalId())
                        .param("email", t.contactEmail())
                        .param("phone", t.contactPhone())
                        .param("occurred", t.occurredAt() == null ? null : Timestamp.from(t.occurredAt()))
                        .param("updated", t.externalUpdatedAt() == null ? null : Timestamp.from(t.externalUpdatedAt()))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Remembers a lead's email (lower case) and phone (E.164, as lead-service keeps it); newest change wins. */
    void upsertLeadContact(UUID orgId, UUID leadId, String email, String phone, boolean deleted, Instant at) {
        jdbc.sql("""
                        insert into external_lead_contact (lead_id, org_id, email, phone, deleted, updated_at)
                        values (:lead, :org, :email, :phone, :deleted, :at)
                        on conflict (lead_id) do update set
                            email = case when excluded.deleted then external_lead_contact.email else excluded.email end,
                            phone = case when excluded.deleted then external_lead_contact.phone else excluded.phone end,
                            deleted = excluded.deleted, updated_at = excluded.updated_at
                        where external_lead_contact.updated_at <= excluded.updated_at
                        """)
                .param("lead", leadId)
                .param("org", orgId)
                .param("email", email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT))
                .param("phone", phone)
                .param("deleted", deleted)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** The org's lead with this email, else this phone. */
    java.util.Optional<UUID> leadOf(UUID orgId, String email, String phone) {
        if (email != null) {
            var byEmail = jdbc.sql(
                            "select lead_id from external_lead_contact where org_id = :org and email = :email and not deleted limit 1")
                    .param("org", orgId)
                    .param("email", email.trim().toLowerCase(java.util.Locale.ROOT))
                    .query(UUID.class)
                    .optional();
            if (byEmail.isPresent()) {
                return byEmail;
            }
        }
        if (phone == null) {
            return java.util.Optional.empty();
        }
        return jdbc.sql(
                        "select lead_id from external_lead_contact where org_id = :org and phone = :phone and not deleted limit 1")
                .param("org", orgId)
                .param("phone", phone)
                .query(UUID.class)
                .optional();
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
