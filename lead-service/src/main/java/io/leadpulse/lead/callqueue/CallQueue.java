package io.leadpulse.lead.callqueue;

import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.leads.LeadLeftHot;
import io.leadpulse.lead.leads.LeadReassigned;
import io.leadpulse.lead.timeline.Timeline;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisation's live call queue: hot leads wait here, oldest first, until a caller claims one
 * and completes the call. One caller at a time per lead: the entry and its lead are locked while a
 * change is decided.
 *
 * <p>Who sees what: an ADMIN the whole queue; a REP the leads assigned to it and the pool, the
 * hot leads nobody owns, which any rep may pick up. Claiming a pool lead assigns it to the caller
 * ({@code lead.assigned}); while that call lasts the entry stays in the pool, so every rep sees
 * who is calling it, and a release hands it back (unassigned again). Completing the call keeps
 * the assignment: the caller worked the lead.
 *
 * <p>Every change pushes {@code call_queue.updated} to the lead's audience (ADR 5) and, for pool
 * leads, a card without contact details to {@code private-org-{id}}, from its own transaction.
 */
@Service
public class CallQueue {

    private static final Logger log = LoggerFactory.getLogger(CallQueue.class);
    static final String EVENT = "call_queue.updated";

    /** What happened to an entry, as realtime clients see it. */
    enum Action {
        JOINED,
        CLAIMED,
        RELEASED,
        COMPLETED,
        /** Left without a call: the lead was won, lost or deleted meanwhile. */
        REMOVED,
        /** Handed to another assignee through the leads API; a claim not theirs was dropped. */
        REASSIGNED
    }

    private final CallQueueRepository queue;
    private final Outbox outbox;
    private final LeadAudience audience;
    private final Timeline timeline;

    CallQueue(CallQueueRepository queue, Outbox outbox, LeadAudience audience, Timeline timeline) {
        this.queue = queue;
        this.outbox = outbox;
        this.audience = audience;
        this.timeline = timeline;
    }

    /**
     * Puts a lead at the end of its organisation's queue, in the caller's transaction; a lead that
     * is waiting already keeps its place.
     *
     * @return whether it joined now
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean enqueue(UUID orgId, UUID leadId, Instant at) {
        if (!queue.insert(orgId, leadId, at)) {
            return false;
        }
        CallQueueEntry entry = queue.find(orgId, leadId, at).orElseThrow();
        UUID assignee = entry.lead().assigneeId();
        push(orgId, leadId, Action.JOINED, entry, assignee, assignee, assignee == null);
        log.info("call queue: lead={} org={} joined at position {}", leadId, orgId, entry.position());
        return true;
    }

    /**
     * Takes a lead out of the queue without a call, in the caller's transaction: for the leads
     * feature when a queued lead is won, lost or deleted (delete it after this call; the table's
     * cascade alone would tell nobody).
     *
     * @return whether it was queued
     */
    @EventListener
    void onLeadLeftHot(LeadLeftHot left) {
        leave(left.orgId(), left.leadId(), left.reason());
    }

    /**
     * A queued lead handed to someone else through the leads API: the call is the new assignee's.
     * A claim held by anyone else is dropped (the holder no longer sees the lead), and the lead is
     * no longer a pool lead unless it was unassigned.
     */
    @EventListener
    void onLeadReassigned(LeadReassigned change) {
        Optional<CallQueueRepository.Locked> locked = queue.lock(change.orgId(), change.leadId());
        if (locked.isEmpty()) {
            return;
        }
        CallQueueRepository.Locked entry = locked.get();
        boolean keepsClaim = entry.claimedBy() != null && entry.claimedBy().equals(change.assigneeId());
        queue.setClaim(
                change.leadId(), keepsClaim ? entry.claimedBy() : null, keepsClaim ? entry.claimedAt() : null, false);
        boolean wasInPool = change.previousAssigneeId() == null || entry.fromPool();
        Instant now = now();
        CallQueueEntry fresh = queue.find(change.orgId(), change.leadId(), now).orElseThrow();
        push(
                change.orgId(),
                change.leadId(),
                Action.REASSIGNED,
                fresh,
                change.previousAssigneeId(),
                change.assigneeId(),
                wasInPool || change.assigneeId() == null);
        log.info(
                "call queue: lead={} org={} reassigned, claim {}",
                change.leadId(),
                change.orgId(),
                entry.claimedBy() == null ? "none" : keepsClaim ? "kept" : "dropped");
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean leave(UUID orgId, UUID leadId, String reason) {
        Optional<CallQueueRepository.Locked> locked = queue.lock(orgId, leadId);
        if (locked.isEmpty()) {
            return false;
        }
        queue.delete(leadId);
        UUID assignee = locked.get().assigneeId();
        push(
                orgId,
                leadId,
                Action.REMOVED,
                null,
                assignee,
                assignee,
                locked.get().inPool());
        log.info("call queue: lead={} org={} left the queue ({})", leadId, orgId, reason);
        return true;
    }

    @Transactional(readOnly = true)
    public List<CallQueueEntry> entries(CurrentUser actor, int limit) {
        return queue.list(actor.orgId(), actor.isAdmin() ? null : actor.id(), limit, Instant.now());
    }

    /** Takes the call. Claiming again what one holds changes nothing. */
    @Transactional
    public CallQueueEntry claim(CurrentUser actor, UUID leadId) {
        CallQueueRepository.Locked locked = lockVisible(actor, leadId);
        Instant now = now();
        if (locked.claimedBy() != null) {
            if (locked.claimedBy().equals(actor.id())) {
                return queue.find(actor.orgId(), leadId, now).orElseThrow();
            }
            throw CallQueueRejected.heldBy(locked.claimedBy(), locked.claimerName(), locked.claimedAt());
        }
        boolean fromPool = locked.assigneeId() == null;
        queue.setClaim(leadId, actor.id(), now, fromPool);
        UUID assignee = locked.assigneeId();
        if (fromPool) {
            assign(actor, leadId, null, actor.id(), now, "call queue claim");
            assignee = actor.id();
        }
        CallQueueEntry entry = queue.find(actor.orgId(), leadId, now).orElseThrow();
        push(actor.orgId(), leadId, Action.CLAIMED, entry, locked.assigneeId(), assignee, fromPool);
        log.info("call queue: lead={} org={} claimed by user={}", leadId, actor.orgId(), actor.id());
        return entry;
    }

    /**
     * Gives the call back to the queue: its holder, or an ADMIN freeing a forgotten claim. A lead
     * claimed out of the pool goes back to the pool, unassigned.
     */
    @Transactional
    public CallQueueEntry release(CurrentUser actor, UUID leadId) {
        CallQueueRepository.Locked locked = lockVisible(actor, leadId);
        if (locked.claimedBy() == null) {
            throw CallQueueRejected.notClaimed();
        }
        if (!locked.claimedBy().equals(actor.id()) && !actor.isAdmin()) {
            throw CallQueueRejected.heldBy(locked.claimedBy(), locked.claimerName(), locked.claimedAt());
        }
        Instant now = now();
        queue.setClaim(leadId, null, null, false);
        UUID assignee = locked.assigneeId();
        if (locked.fromPool()) {
            assign(actor, leadId, locked.assigneeId(), null, now, "call queue release");
            assignee = null;
        }
        CallQueueEntry entry = queue.find(actor.orgId(), leadId, now).orElseThrow();
        push(actor.orgId(), leadId, Action.RELEASED, entry, locked.assigneeId(), assignee, locked.inPool());
        log.info("call queue: lead={} org={} released by user={}", leadId, actor.orgId(), actor.id());
        return entry;
    }

    /** Ends the call with its outcome: only its holder can; the lead leaves the queue. */
    @Transactional
    public void complete(CurrentUser actor, UUID leadId, CallOutcome outcome, String notes, int durationSeconds) {
        Objects.requireNonNull(outcome, "outcome");
        CallQueueRepository.Locked locked = lockVisible(actor, leadId);
        if (locked.claimedBy() == null) {
            throw CallQueueRejected.notClaimed();
        }
        if (!locked.claimedBy().equals(actor.id())) {
            throw CallQueueRejected.heldBy(locked.claimedBy(), locked.claimerName(), locked.claimedAt());
        }
        Instant now = now();
        queue.delete(leadId);
        outbox.publish(new LeadEvent.CallCompleted(
                actor.orgId(), leadId, actor.id(), outcome.name(), durationSeconds, notes, now));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome.name());
        data.put("durationSeconds", durationSeconds);
        data.put("notes", notes);
        data.put("claimedAt", locked.claimedAt().toString());
        timeline.record(actor.orgId(), leadId, "call.completed", actor.id(), now, withoutNulls(data));
        push(actor.orgId(), leadId, Action.COMPLETED, null, locked.assigneeId(), locked.assigneeId(), locked.inPool());
        log.info(
                "call queue: lead={} org={} completed by user={} outcome={}",
                leadId,
                actor.orgId(),
                actor.id(),
                outcome);
    }

    /** The locked entry, or not found when it is not there for this caller (never 403: ADR 5). */
    private CallQueueRepository.Locked lockVisible(CurrentUser actor, UUID leadId) {
        CallQueueRepository.Locked locked =
                queue.lock(actor.orgId(), leadId).orElseThrow(() -> CallQueueRejected.notFound(leadId));
        boolean visible = actor.isAdmin() || locked.inPool() || actor.id().equals(locked.assigneeId());
        if (!visible) {
            throw CallQueueRejected.notFound(leadId);
        }
        return locked;
    }

    private void assign(CurrentUser actor, UUID leadId, UUID from, UUID to, Instant at, String reason) {
        queue.assign(leadId, to, at);
        outbox.publish(new LeadEvent.LeadAssigned(actor.orgId(), leadId, from, to, actor.id(), at));
        Map<String, Object> assigned = new LinkedHashMap<>();
        assigned.put("leadId", leadId);
        assigned.put("previousAssigneeId", from);
        assigned.put("assigneeId", to);
        assigned.put("assignedBy", actor.id());
        assigned.put("reason", reason);
        outbox.publish(RealtimeMessage.of(
                actor.orgId(), audience.forOrg(actor.orgId()).channels(leadId, from, to), "lead.assigned", assigned));
        timeline.record(actor.orgId(), leadId, "lead.assigned", actor.id(), at, withoutNulls(assigned));
    }

    /**
     * Tells the lead's audience (with the assignee before and after the change) and, for a pool
     * lead, every member of the organisation, with a card that carries no contact details.
     */
    private void push(
            UUID orgId,
            UUID leadId,
            Action action,
            CallQueueEntry entry,
            UUID assigneeBefore,
            UUID assignee,
            boolean pool) {
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("action", action.name());
        full.put("leadId", leadId);
        full.put("entry", entry);
        outbox.publish(RealtimeMessage.of(
                orgId, audience.forOrg(orgId).channels(leadId, assigneeBefore, assignee), EVENT, full));
        if (pool) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("action", action.name());
            card.put("leadId", leadId);
            if (entry != null) {
                String last = entry.lead().lastName();
                card.put(
                        "name",
                        last == null ? entry.lead().firstName() : entry.lead().firstName() + " " + last);
                card.put("company", entry.lead().company());
                card.put("position", entry.position());
                card.put("claimedBy", entry.claimedBy());
                card.put("claimedByName", entry.claimedByName());
            }
            outbox.publish(RealtimeMessage.of(orgId, List.of(RealtimeMessage.Channels.org(orgId)), EVENT, card));
        }
    }

    /** The timeline keeps what is there; a missing value is simply absent. */
    private static Map<String, Object> withoutNulls(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
