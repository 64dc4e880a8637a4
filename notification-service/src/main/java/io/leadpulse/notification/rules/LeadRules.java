package io.leadpulse.notification.rules;

import io.leadpulse.notification.NotificationSettings;
import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.directory.DirectoryUser;
import io.leadpulse.notification.directory.LeadOwner;
import io.leadpulse.notification.inbox.NewNotification;
import io.leadpulse.notification.insights.InsightFacts;
import io.leadpulse.notification.insights.InsightFacts.Kind;
import io.leadpulse.notification.reminders.Reminders;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.LeadImportEvent;
import io.leadpulse.platform.events.OrgEvent;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What each event of {@code lead.events} changes in the directory and whom it tells. */
@Service
class LeadRules {

    private final Directory directory;
    private final Recipients recipients;
    private final Reminders reminders;
    private final NotificationSettings settings;
    private final InsightFacts insights;

    LeadRules(
            Directory directory,
            Recipients recipients,
            Reminders reminders,
            NotificationSettings settings,
            InsightFacts insights) {
        this.directory = directory;
        this.recipients = recipients;
        this.reminders = reminders;
        this.settings = settings;
        this.insights = insights;
    }

    static boolean handles(DomainEvent event) {
        return event instanceof AccountEvent
                || event instanceof OrgEvent.SettingsUpdated
                || event instanceof LeadImportEvent.ImportFinished
                || event instanceof LeadEvent.LeadCreated
                || event instanceof LeadEvent.LeadAssigned
                || event instanceof LeadEvent.LeadDeleted
                || event instanceof LeadEvent.LeadStatusChanged
                || event instanceof LeadEvent.LeadBecameHot
                || event instanceof LeadEvent.PreviewEngaged
                || event instanceof LeadEvent.AppointmentScheduled
                || event instanceof LeadEvent.AppointmentCancelled;
    }

    /** Runs in the idempotent consumer's transaction. */
    @Transactional
    void apply(EventEnvelope envelope, DomainEvent event) {
        switch (event) {
            case AccountEvent.UserCreated u ->
                directory.user(
                        new DirectoryUser(
                                u.userId(),
                                u.orgId(),
                                u.name(),
                                u.email(),
                                u.role(),
                                u.active(),
                                Directory.mobile(u.phone()),
                                u.smsConsent()),
                        u.createdAt());
            case AccountEvent.UserUpdated u ->
                directory.user(
                        new DirectoryUser(
                                u.userId(),
                                u.orgId(),
                                u.name(),
                                u.email(),
                                u.role(),
                                u.active(),
                                Directory.mobile(u.phone()),
                                u.smsConsent()),
                        u.updatedAt());
            case LeadEvent.LeadCreated lead -> leadCreated(envelope, lead);
            case LeadEvent.LeadAssigned assigned -> leadAssigned(envelope, assigned);
            case LeadEvent.LeadDeleted deleted -> {
                directory.leadDeleted(deleted.leadId(), deleted.orgId(), deleted.deletedAt());
                reminders.cancelForLead(deleted.leadId());
            }
            case OrgEvent.SettingsUpdated org ->
                insights.settings(org.orgId(), org.companyName(), org.timezone(), org.monthlyTargets(), org.version());
            case LeadEvent.LeadStatusChanged changed -> {
                statusFacts(envelope, changed);
                if ("WON".equals(changed.to())) {
                    recipients.everyone(new NewNotification(
                            changed.orgId(),
                            null,
                            "deal.won",
                            "A deal was won",
                            changed.reason(),
                            changed.leadId().toString(),
                            envelope.id(),
                            null));
                }
            }
            case LeadEvent.LeadBecameHot hot -> {
                insights.record(
                        envelope.id(), hot.orgId(), Kind.HOT, hot.leadId(), hot.assigneeId(), hot.becameHotAt());
                recipients.assigneeOrAdmins(
                        hot.assigneeId(),
                        new NewNotification(
                                hot.orgId(),
                                null,
                                "lead.hot",
                                "A lead is hot: " + hot.views() + " views in " + hot.windowMinutes() + " minutes",
                                "Call now: it joined the call queue.",
                                hot.leadId().toString(),
                                envelope.id(),
                                null));
            }
            case LeadEvent.PreviewEngaged engaged -> previewEngaged(envelope, engaged);
            case LeadEvent.AppointmentScheduled appointment -> reminders.schedule(appointment);
            case LeadEvent.AppointmentCancelled cancelled -> reminders.cancel(cancelled);
            case LeadImportEvent.ImportFinished done ->
                recipients.one(
                        done.startedBy(),
                        new NewNotification(
                                done.orgId(),
                                null,
                                "import.finished",
                                "Import of " + done.fileName() + " "
                                        + done.status().toLowerCase().replace('_', ' '),
                                done.created() + " created, " + done.updated() + " updated, " + done.skipped()
                                        + " skipped, " + done.failed() + " failed",
                                done.importId().toString(),
                                envelope.id(),
                                null));
            default -> {}
        }
    }

    /** Conversions (WON, PAID) are credited to the lead's assignee; first contacts counted. */
    private void statusFacts(EventEnvelope envelope, LeadEvent.LeadStatusChanged changed) {
        Kind kind = switch (changed.to() == null ? "" : changed.to()) {
            case "WON", "PAID" -> Kind.CONVERSION;
            case "CONTACTED" -> Kind.CONTACTED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        UUID rep = changed.assigneeId() != null
                ? changed.assigneeId()
                : directory
                        .lead(changed.leadId())
                        .filter(lead -> lead.orgId().equals(changed.orgId()))
                        .map(LeadOwner::assigneeId)
                        .orElse(null);
        insights.record(envelope.id(), changed.orgId(), kind, changed.leadId(), rep, changed.changedAt());
    }

    /** A lead someone else assigned to you: you hear about it. Your own new lead: no noise. */
    private void leadCreated(EventEnvelope envelope, LeadEvent.LeadCreated lead) {
        directory.lead(lead.leadId(), lead.orgId(), lead.assigneeId(), lead.createdAt());
        insights.record(envelope.id(), lead.orgId(), Kind.NEW_LEAD, lead.leadId(), lead.assigneeId(), lead.createdAt());
        if (lead.assigneeId() == null || lead.assigneeId().equals(lead.createdBy())) {
            return;
        }
        String name = lead.lastName() == null ? lead.firstName() : lead.firstName() + " " + lead.lastName();
        recipients.one(
                lead.assigneeId(),
                new NewNotification(
                        lead.orgId(),
                        null,
                        "lead.assigned",
                        "New lead assigned to you: " + name,
                        lead.company(),
                        lead.leadId().toString(),
                        envelope.id(),
                        null));
    }

    private void leadAssigned(EventEnvelope envelope, LeadEvent.LeadAssigned assigned) {
        directory.lead(assigned.leadId(), assigned.orgId(), assigned.assigneeId(), assigned.assignedAt());
        reminders.reassign(assigned.leadId(), assigned.assigneeId());
        if (assigned.assigneeId() == null || assigned.assigneeId().equals(assigned.assignedBy())) {
            return;
        }
        recipients.one(
                assigned.assigneeId(),
                new NewNotification(
                        assigned.orgId(),
                        null,
                        "lead.assigned",
                        "A lead was assigned to you",
                        null,
                        assigned.leadId().toString(),
                        envelope.id(),
                        null));
    }

    /** Views of one lead's preview within the window fold into one notification that counts them. */
    private void previewEngaged(EventEnvelope envelope, LeadEvent.PreviewEngaged engaged) {
        String what = switch (engaged.kind()) {
            case "CTA_CLICK" -> "clicked the call to action on its preview";
            case "QUOTE_ACCEPTED" -> "accepted the quote on its preview";
            default -> "viewed its preview";
        };
        recipients.assigneeOrAdmins(
                engaged.assigneeId(),
                new NewNotification(
                        engaged.orgId(),
                        null,
                        "lead.preview_engaged",
                        null,
                        null,
                        engaged.leadId().toString(),
                        envelope.id(),
                        new NewNotification.Collapse(
                                "preview:" + engaged.leadId() + ":" + engaged.kind(),
                                settings.collapseWindow(),
                                count -> count == 1 ? "A lead " + what : "A lead " + what + " " + count + " times")));
    }
}
