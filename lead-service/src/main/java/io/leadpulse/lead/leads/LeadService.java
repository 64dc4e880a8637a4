package io.leadpulse.lead.leads;

import io.leadpulse.lead.accounts.User;
import io.leadpulse.lead.accounts.UserRepository;
import io.leadpulse.lead.phones.PhoneNumbers;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.lead.timeline.Timeline;
import io.leadpulse.lead.usage.Quota;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and reads leads. An ADMIN sees every lead of its organisation, a REP only the leads
 * assigned to it, and nobody another organisation's. Every change is written with its event and
 * its realtime message in one transaction.
 */
@Service
public class LeadService {

    private static final Logger log = LoggerFactory.getLogger(LeadService.class);

    private final LeadRepository leads;
    private final UserRepository users;
    private final Outbox outbox;
    private final OrgSettingsRepository orgSettings;
    private final Quota quota;
    private final LeadAudience audience;
    private final Timeline timeline;
    private final PageCursors cursors;
    private final ApplicationEventPublisher inProcess;

    LeadService(
            LeadRepository leads,
            UserRepository users,
            Outbox outbox,
            OrgSettingsRepository orgSettings,
            Quota quota,
            LeadAudience audience,
            Timeline timeline,
            PageCursors cursors,
            ApplicationEventPublisher inProcess) {
        this.leads = leads;
        this.users = users;
        this.outbox = outbox;
        this.orgSettings = orgSettings;
        this.quota = quota;
        this.audience = audience;
        this.timeline = timeline;
        this.cursors = cursors;
        this.inProcess = inProcess;
    }

    @Transactional
    public Lead create(CurrentUser actor, NewLead request) {
        String email = normaliseEmail(request.email());
        String phone = normalisePhone(actor.orgId(), request.phone());
        if (email == null && phone == null) {
            throw new LeadRejected(LeadRejected.Reason.INVALID, "email", "either email or phone is required");
        }
        UUID assignee = assigneeFor(actor, request.assigneeId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Lead draft = new Lead(
                UUID.randomUUID(),
                actor.orgId(),
                request.firstName().trim(),
                blankToNull(request.lastName()),
                email,
                phone,
                blankToNull(request.company()),
                LeadStatus.NEW,
                assignee,
                normaliseTags(request.tags()),
                request.source() == null ? "api" : request.source(),
                null,
                0,
                0,
                0,
                0,
                BigDecimal.ZERO,
                null,
                now,
                now,
                0,
                null);
        if (quota.reserve(actor.orgId(), 1) == 0) {
            throw new LeadRejected(
                    LeadRejected.Reason.QUOTA_EXCEEDED,
                    null,
                    "the plan's lead limit is reached; upgrade the plan or delete leads");
        }
        Lead lead;
        try {
            lead = leads.insert(draft);
        } catch (DuplicateKeyException e) {
            throw duplicate(e);
        }
        outbox.publish(new LeadEvent.LeadCreated(
                lead.orgId(),
                lead.id(),
                lead.firstName(),
                lead.lastName(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.status().name(),
                lead.assigneeId(),
                lead.tags(),
                lead.source(),
                actor.id(),
                lead.createdAt()));
        outbox.publish(RealtimeMessage.of(
                lead.orgId(), audience.channels(lead.orgId(), lead.id(), lead.assigneeId()), "lead.created", lead));
        log.info("lead created: lead={} org={} assignee={}", lead.id(), lead.orgId(), lead.assigneeId());
        return lead;
    }

    @Transactional(readOnly = true)
    public Optional<Lead> find(CurrentUser actor, UUID id) {
        return leads.find(actor.orgId(), id).filter(lead -> maysee(actor, lead));
    }

    /**
     * The organisation's lead whoever asks, for features that decide access themselves (an
     * appointment's assignee may see it on a lead assigned to someone else).
     */
    @Transactional(readOnly = true)
    public Optional<Lead> findInOrg(UUID orgId, UUID id) {
        return leads.find(orgId, id);
    }

    /**
     * A filtered, sorted page. A REP's list holds only its own leads, whatever the filters say.
     *
     * @throws ApiProblem 400 naming {@code cursor} for a cursor that was edited or made for another sort
     */
    @Transactional(readOnly = true)
    public LeadPage list(CurrentUser actor, LeadQuery query) {
        List<String> after = null;
        if (query.cursor() != null) {
            after = cursors.decode(query.sort().cursorKind(), query.cursor())
                    .filter(position -> position.size() == 2 && isUuid(position.get(1)))
                    .orElseThrow(() -> ApiProblem.invalidField(
                            "cursor", "is not a cursor of this list and sort; start again without it"));
        }
        List<LeadRepository.Keyed> rows =
                leads.search(actor.orgId(), actor.isAdmin() ? null : actor.id(), query, after, query.limit() + 1);
        String next = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            LeadRepository.Keyed last = rows.getLast();
            next = cursors.encode(
                    query.sort().cursorKind(),
                    List.of(last.sortKey(), last.lead().id().toString()));
        }
        return new LeadPage(rows.stream().map(LeadRepository.Keyed::lead).toList(), next);
    }

    /**
     * Changes the fields named in {@code changes}, with the same normalisation and uniqueness as
     * create. Publishes {@code lead.updated} when contact fields or tags changed and
     * {@code lead.assigned} when the assignee did; a change that changes nothing publishes nothing.
     */
    @Transactional
    public Lead update(CurrentUser actor, UUID id, LeadChanges changes) {
        Lead current = lockVisible(actor, id);
        if (changes.expectedVersion() != null && changes.expectedVersion() != current.version()) {
            throw new StaleLead(changes.expectedVersion(), current.version(), changes.versionFromHeader());
        }
        String firstName = current.firstName();
        if (changes.has("firstName")) {
            firstName = blankToNull(changes.firstName());
            if (firstName == null) {
                throw new LeadRejected(LeadRejected.Reason.INVALID, "firstName", "must not be blank");
            }
        }
        String lastName = changes.has("lastName") ? blankToNull(changes.lastName()) : current.lastName();
        String company = changes.has("company") ? blankToNull(changes.company()) : current.company();
        String email = changes.has("email") ? normaliseEmail(changes.email()) : current.email();
        String phone = changes.has("phone") ? normalisePhone(actor.orgId(), changes.phone()) : current.phone();
        if (email == null && phone == null) {
            throw new LeadRejected(
                    LeadRejected.Reason.INVALID,
                    changes.has("email") ? "email" : "phone",
                    "either email or phone is required");
        }
        List<String> tags = changes.has("tags") ? normaliseTags(changes.tags()) : current.tags();
        UUID assignee = current.assigneeId();
        if (changes.has("assigneeId")) {
            assignee = reassign(actor, current.assigneeId(), changes.assigneeId());
        }
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, "firstName", current.firstName(), firstName);
        addIfChanged(changed, "lastName", current.lastName(), lastName);
        addIfChanged(changed, "email", current.email(), email);
        addIfChanged(changed, "phone", current.phone(), phone);
        addIfChanged(changed, "company", current.company(), company);
        addIfChanged(changed, "tags", current.tags(), tags);
        boolean reassigned = !Objects.equals(current.assigneeId(), assignee);
        if (changed.isEmpty() && !reassigned) {
            return current;
        }
        Instant now = now();
        Lead next = new Lead(
                current.id(),
                current.orgId(),
                firstName,
                lastName,
                email,
                phone,
                company,
                current.status(),
                assignee,
                tags,
                current.source(),
                current.previewToken(),
                current.views(),
                current.ctaClicks(),
                current.secondsOnPage(),
                current.messages(),
                current.engagementScore(),
                current.becameHotAt(),
                current.createdAt(),
                now,
                current.version() + 1,
                current.enrichment());
        try {
            leads.update(next);
        } catch (DuplicateKeyException e) {
            throw duplicate(e);
        }
        List<String> channels =
                audience.forOrg(next.orgId()).channels(next.id(), next.assigneeId(), current.assigneeId());
        if (!changed.isEmpty()) {
            outbox.publish(new LeadEvent.LeadUpdated(
                    next.orgId(),
                    next.id(),
                    next.firstName(),
                    next.lastName(),
                    next.email(),
                    next.phone(),
                    next.company(),
                    next.tags(),
                    List.copyOf(changed),
                    actor.id(),
                    now));
            outbox.publish(RealtimeMessage.of(next.orgId(), channels, "lead.updated", next));
            timeline.record(next.orgId(), next.id(), "lead.updated", actor.id(), now, Map.of("changedFields", changed));
        }
        if (reassigned) {
            publishAssigned(actor.id(), current.assigneeId(), next, now, channels);
        }
        log.info(
                "lead updated: lead={} org={} fields={} reassigned={} version={}",
                next.id(),
                next.orgId(),
                changed,
                reassigned,
                next.version());
        return next;
    }

    /**
     * Deletes a lead (ADMIN only: a REP's mistaken lead is one an admin removes, so leads do not
     * vanish from the team's figures behind its back). Gives the quota slot back.
     */
    @Transactional
    public void delete(CurrentUser actor, UUID id) {
        Lead lead = leads.find(actor.orgId(), id)
                .filter(found -> maysee(actor, found))
                .orElseThrow(() -> ApiProblem.notFound("Lead " + id));
        if (!actor.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin can delete a lead.");
        }
        List<String> channels = audience.channels(lead.orgId(), lead.id(), lead.assigneeId());
        // Quota row first, lead row second: the order create and import take them in, so a delete
        // racing an import's upsert of the same lead cannot deadlock. The call queue locks the
        // lead row, so it is told after the quota.
        quota.release(lead.orgId(), 1);
        inProcess.publishEvent(new LeadLeftHot(lead.orgId(), lead.id(), "deleted"));
        if (!leads.delete(lead.orgId(), lead.id())) {
            // Deleted by someone else meanwhile: roll the release back with a 404.
            throw ApiProblem.notFound("Lead " + id);
        }
        Instant now = now();
        outbox.publish(new LeadEvent.LeadDeleted(lead.orgId(), lead.id(), actor.id(), now));
        outbox.publish(
                RealtimeMessage.of(lead.orgId(), channels, "lead.deleted", new Deleted(lead.id(), lead.assigneeId())));
        log.info("lead deleted: lead={} org={} by={}", lead.id(), lead.orgId(), actor.id());
    }

    /** What clients hear when a lead is deleted. */
    public record Deleted(UUID id, UUID assigneeId) {}

    /** What clients hear when a lead changes hands: the lead as it is now, and who had it. */
    public record Assigned(Lead lead, UUID previousAssigneeId) {}

    /** What clients hear when a lead moves in the pipeline. */
    public record StatusChanged(Lead lead, LeadStatus from, LeadStatus to, String reason) {}

    /** Moves a lead the actor may see along the pipeline. */
    @Transactional
    public Lead changeStatus(CurrentUser actor, UUID id, LeadStatus to, String reason) {
        Lead current = lockVisible(actor, id);
        return move(current, to, actor.id(), reason);
    }

    /**
     * Moves a lead along the pipeline for a rule or another service ({@code actorId} null), in the
     * caller's transaction: {@code lead.status_changed}, its realtime message and a timeline entry.
     *
     * @throws InvalidTransition when {@link LeadStatus#next()} does not allow the move
     * @return the lead after the move, or empty when the organisation has no such lead
     */
    @Transactional
    public Optional<Lead> changeStatus(UUID orgId, UUID leadId, LeadStatus to, UUID actorId, String reason) {
        return leads.lock(orgId, leadId).map(current -> move(current, to, actorId, reason));
    }

    private Lead move(Lead current, LeadStatus to, UUID actorId, String reason) {
        if (!current.status().canMoveTo(to)) {
            throw new InvalidTransition(current.status(), to);
        }
        Instant now = now();
        Lead next = withStatus(current, to, now);
        leads.update(next);
        if (current.status() == LeadStatus.HOT) {
            inProcess.publishEvent(
                    new LeadLeftHot(next.orgId(), next.id(), to.name().toLowerCase(Locale.ROOT)));
        }
        outbox.publish(new LeadEvent.LeadStatusChanged(
                next.orgId(), next.id(), current.status().name(), to.name(), next.assigneeId(), actorId, reason, now));
        outbox.publish(RealtimeMessage.of(
                next.orgId(),
                audience.channels(next.orgId(), next.id(), next.assigneeId()),
                "lead.status_changed",
                new StatusChanged(next, current.status(), to, reason)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", current.status().name());
        data.put("to", to.name());
        if (next.assigneeId() != null) {
            // Per-rep stats count a move for whoever had the lead at the time.
            data.put("assigneeId", next.assigneeId().toString());
        }
        if (reason != null) {
            data.put("reason", reason);
        }
        timeline.record(next.orgId(), next.id(), "lead.status_changed", actorId, now, data);
        log.info(
                "lead status changed: lead={} org={} from={} to={} by={}",
                next.id(),
                next.orgId(),
                current.status(),
                to,
                actorId);
        return next;
    }

    /** Adds a note to a lead the actor may see; it shows on the timeline as {@code note.added}. */
    @Transactional
    public Note addNote(CurrentUser actor, UUID leadId, String body) {
        Lead lead = lockVisible(actor, leadId);
        Instant now = now();
        Note note = new Note(UUID.randomUUID(), lead.id(), actor.id(), body, now);
        leads.insertNote(lead.orgId(), note);
        outbox.publish(new LeadEvent.LeadUpdated(
                lead.orgId(),
                lead.id(),
                lead.firstName(),
                lead.lastName(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.tags(),
                List.of("notes"),
                actor.id(),
                now));
        outbox.publish(RealtimeMessage.of(
                lead.orgId(), audience.channels(lead.orgId(), lead.id(), lead.assigneeId()), "lead.note_added", note));
        timeline.record(
                lead.orgId(),
                lead.id(),
                "note.added",
                actor.id(),
                now,
                Map.of("noteId", note.id().toString(), "excerpt", excerpt(body)));
        log.info("note added: lead={} org={} note={} by={}", lead.id(), lead.orgId(), note.id(), actor.id());
        return note;
    }

    @Transactional(readOnly = true)
    public Optional<List<Note>> notes(CurrentUser actor, UUID leadId, int limit) {
        return find(actor, leadId).map(lead -> leads.notes(lead.orgId(), lead.id(), limit));
    }

    /** The lead for a change by the actor, locked; 404 when the actor may not see it. */
    private Lead lockVisible(CurrentUser actor, UUID id) {
        return leads.lock(actor.orgId(), id)
                .filter(lead -> maysee(actor, lead))
                .orElseThrow(() -> ApiProblem.notFound("Lead " + id));
    }

    private void publishAssigned(UUID actorId, UUID previous, Lead next, Instant now, List<String> channels) {
        outbox.publish(new LeadEvent.LeadAssigned(next.orgId(), next.id(), previous, next.assigneeId(), actorId, now));
        outbox.publish(RealtimeMessage.of(next.orgId(), channels, "lead.assigned", new Assigned(next, previous)));
        inProcess.publishEvent(new LeadReassigned(next.orgId(), next.id(), previous, next.assigneeId()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", previous == null ? null : previous.toString());
        data.put("to", next.assigneeId() == null ? null : next.assigneeId().toString());
        data.values().removeIf(Objects::isNull);
        timeline.record(next.orgId(), next.id(), "lead.assigned", actorId, now, data);
    }

    /** A REP may keep a lead but not hand it to anyone else (nor unassign it); an ADMIN may. */
    private UUID reassign(CurrentUser actor, UUID current, UUID requested) {
        if (!actor.isAdmin()) {
            if (!actor.id().equals(requested)) {
                throw new LeadRejected(
                        LeadRejected.Reason.INVALID, "assigneeId", "a rep can only assign leads to itself");
            }
            return requested;
        }
        if (requested == null || requested.equals(current)) {
            return requested;
        }
        return assigneeFor(actor, requested);
    }

    private String normaliseEmail(String raw) {
        String email = blankToNull(raw);
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private String normalisePhone(UUID orgId, String raw) {
        String rawPhone = blankToNull(raw);
        if (rawPhone == null) {
            return null;
        }
        return PhoneNumbers.toE164(rawPhone, orgSettings.phoneRegion(orgId))
                .orElseThrow(
                        () -> new LeadRejected(LeadRejected.Reason.INVALID, "phone", "is not a valid phone number"));
    }

    private static LeadRejected duplicate(DuplicateKeyException e) {
        String field = String.valueOf(e.getMessage()).contains("lead_org_phone") ? "phone" : "email";
        return new LeadRejected(LeadRejected.Reason.DUPLICATE, field, "a lead with this " + field + " already exists");
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static String excerpt(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Lead withStatus(Lead l, LeadStatus status, Instant now) {
        return new Lead(
                l.id(),
                l.orgId(),
                l.firstName(),
                l.lastName(),
                l.email(),
                l.phone(),
                l.company(),
                status,
                l.assigneeId(),
                l.tags(),
                l.source(),
                l.previewToken(),
                l.views(),
                l.ctaClicks(),
                l.secondsOnPage(),
                l.messages(),
                l.engagementScore(),
                l.becameHotAt(),
                l.createdAt(),
                now,
                l.version() + 1,
                l.enrichment());
    }

    static boolean maysee(CurrentUser actor, Lead lead) {
        return lead.orgId().equals(actor.orgId())
                && (actor.isAdmin() || actor.id().equals(lead.assigneeId()));
    }

    private UUID assigneeFor(CurrentUser actor, UUID requested) {
        if (!actor.isAdmin()) {
            if (requested != null && !requested.equals(actor.id())) {
                throw new LeadRejected(
                        LeadRejected.Reason.INVALID, "assigneeId", "a rep can only assign leads to itself");
            }
            return actor.id();
        }
        if (requested == null) {
            return null;
        }
        User assignee = users.findInOrg(actor.orgId(), requested)
                .filter(User::active)
                .orElseThrow(() -> new LeadRejected(
                        LeadRejected.Reason.INVALID, "assigneeId", "is not an active user of this organisation"));
        return assignee.id();
    }

    private static List<String> normaliseTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        return tags.stream()
                .map(String::trim)
                .filter(tag -> !tag.isEmpty())
                .map(tag -> tag.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
