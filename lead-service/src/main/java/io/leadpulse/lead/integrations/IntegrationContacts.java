package io.leadpulse.lead.integrations;

import io.leadpulse.lead.leads.LeadChanges;
import io.leadpulse.lead.leads.LeadRejected;
import io.leadpulse.lead.leads.LeadService;
import io.leadpulse.lead.leads.NewLead;
import io.leadpulse.lead.phones.PhoneNumbers;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.web.security.CurrentUser;
import io.leadpulse.platform.web.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upserts a lead from a synced contact, through {@link LeadService} (the same normalisation,
 * uniqueness, quota, events and realtime messages as a lead made by hand):
 *
 * <ul>
 *   <li>the lead is found by normalised email, else by E.164 phone, in the contact's org only;
 *   <li>none: a lead is created ({@code source = integration:<provider>}, unassigned). At the plan's
 *       lead limit the contact is skipped and counted ({@code quota_exceeded}), as an import leaves
 *       out the rest of its file; it comes in when the platform next changes it;
 *   <li>found: first name, last name and company are set from the contact, email or phone only where
 *       the lead has none; unless the lead changed after the contact's {@code externalUpdatedAt}
 *       (a rep's edit is newer: the contact changes nothing);
 *   <li>a contact with neither a usable email nor phone is skipped ({@code no_address}).
 * </ul>
 *
 * Each attempt runs in a savepoint, so a refusal (quota, duplicate) leaves the consumer's
 * transaction, and its record of the event, intact.
 */
@Service
class IntegrationContacts {

    private static final Logger log = LoggerFactory.getLogger(IntegrationContacts.class);

    private final LeadService leads;
    private final IntegrationLeadRepository matches;
    private final OrgSettingsRepository orgSettings;
    private final TransactionTemplate savepoint;
    private final MeterRegistry meters;

    IntegrationContacts(
            LeadService leads,
            IntegrationLeadRepository matches,
            OrgSettingsRepository orgSettings,
            PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.leads = leads;
        this.matches = matches;
        this.orgSettings = orgSettings;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.meters = meters;
    }

    /** Runs inside the idempotent consumer's transaction. */
    void apply(IntegrationEvent.ContactSynced contact) {
        String email = contact.email() == null || contact.email().isBlank()
                ? null
                : contact.email().trim().toLowerCase(Locale.ROOT);
        String phone = contact.phone() == null || contact.phone().isBlank()
                ? null
                : PhoneNumbers.toE164(contact.phone().trim(), orgSettings.phoneRegion(contact.orgId()))
                        .orElse(null);
        if (email == null && phone == null) {
            outcome(contact, "no_address", null);
            return;
        }
        Optional<IntegrationLeadRepository.Match> match =
                email != null ? matches.byEmail(contact.orgId(), email) : Optional.empty();
        if (match.isEmpty() && phone != null) {
            match = matches.byPhone(contact.orgId(), phone);
        }
        CurrentUser actor = actor(contact);
        try {
            if (match.isEmpty()) {
                UUID created = savepoint.execute(tx -> leads.create(
                                actor,
                                new NewLead(
                                        firstName(contact),
                                        contact.lastName(),
                                        email,
                                        phone,
                                        contact.company(),
                                        null,
                                        contact.tags() == null ? List.of() : contact.tags(),
                                        "integration:" + contact.provider()))
                        .id());
                outcome(contact, "created", created);
                return;
            }
            IntegrationLeadRepository.Match lead = match.get();
            if (contact.externalUpdatedAt() != null
                    && lead.updatedAt() != null
                    && lead.updatedAt().isAfter(contact.externalUpdatedAt())) {
                outcome(contact, "kept_newer_edit", lead.id());
                return;
            }
            Set<String> present = new HashSet<>();
            if (contact.firstName() != null && !contact.firstName().isBlank()) {
                present.add("firstName");
            }
            if (contact.lastName() != null) {
                present.add("lastName");
            }
            if (contact.company() != null) {
                present.add("company");
            }
            if (lead.email() == null && email != null) {
                present.add("email");
            }
            if (lead.phone() == null && phone != null) {
                present.add("phone");
            }
            LeadChanges changes = new LeadChanges(
                    present,
                    contact.firstName(),
                    contact.lastName(),
                    email,
                    phone,
                    contact.company(),
                    null,
                    null,
                    null,
                    false);
            savepoint.executeWithoutResult(tx -> leads.update(actor, lead.id(), changes));
            outcome(contact, "updated", lead.id());
        } catch (LeadRejected e) {
            outcome(contact, e.reason() == LeadRejected.Reason.QUOTA_EXCEEDED ? "quota_exceeded" : "rejected", null);
        }
    }

    /** The sync acts as an admin of the contact's org named after the platform (ids only in events). */
    private static CurrentUser actor(IntegrationEvent.ContactSynced contact) {
        UUID id = UUID.nameUUIDFromBytes(("integration:" + contact.provider()).getBytes(StandardCharsets.UTF_8));
        return new CurrentUser(id, contact.orgId(), Role.ADMIN, "integration:" + contact.provider(), null);
    }

    private static String firstName(IntegrationEvent.ContactSynced contact) {
        if (contact.firstName() != null && !contact.firstName().isBlank()) {
            return contact.firstName();
        }
        if (contact.company() != null && !contact.company().isBlank()) {
            return contact.company();
        }
        return "Contact " + contact.externalId();
    }

    private void outcome(IntegrationEvent.ContactSynced contact, String outcome, UUID leadId) {
        meters.counter("lead.integration.contacts", "provider", contact.provider(), "outcome", outcome)
                .increment();
        log.info(
                "integration contact: org={} connection={} external={} outcome={} lead={}",
                contact.orgId(),
                contact.connectionId(),
                contact.externalId(),
                outcome,
                leadId);
    }
}
