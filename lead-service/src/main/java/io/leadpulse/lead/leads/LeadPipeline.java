package io.leadpulse.lead.leads;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a lead along the pipeline when another service reports what happened to it, so reps and
 * their stats see the truth without clicking: a message sent makes a new lead CONTACTED, a reply
 * makes it REPLIED, a payment makes it WON and then PAID. Only forward moves the pipeline allows
 * are made; a lead already further on (a HOT lead replying, a PAID lead sent a receipt) stays
 * where it is.
 */
@Service
public class LeadPipeline {

    private static final Logger log = LoggerFactory.getLogger(LeadPipeline.class);

    /** Event type → the statuses the lead passes through, in order, and the reason recorded. */
    private static final Map<String, Move> MOVES = Map.of(
            "message.sent", new Move(List.of(LeadStatus.CONTACTED), "message sent"),
            "message.inbound", new Move(List.of(LeadStatus.REPLIED), "lead replied"),
            "payment.succeeded", new Move(List.of(LeadStatus.WON, LeadStatus.PAID), "payment received"));

    private record Move(List<LeadStatus> path, String reason) {}

    private final LeadRepository leads;
    private final LeadService service;

    LeadPipeline(LeadRepository leads, LeadService service) {
        this.leads = leads;
        this.service = service;
    }

    public static boolean moves(String eventType) {
        return MOVES.containsKey(eventType);
    }

    /**
     * Applies what {@code eventType} means for the lead, in the caller's transaction. Returns the
     * status the lead ends in, or null when the organisation has no such lead.
     */
    @Transactional
    public LeadStatus apply(UUID orgId, UUID leadId, String eventType) {
        Move move = MOVES.get(eventType);
        if (move == null) {
            return null;
        }
        Lead lead = leads.lock(orgId, leadId).orElse(null);
        if (lead == null) {
            return null;
        }
        LeadStatus status = lead.status();
        for (LeadStatus to : move.path()) {
            if (status.canMoveTo(to) && isForward(status, to)) {
                service.changeStatus(orgId, leadId, to, null, move.reason());
                log.info("pipeline moved lead={} org={} from={} to={} on={}", leadId, orgId, status, to, eventType);
                status = to;
            }
        }
        return status;
    }

    /** Backward moves are a person's correction, never a system's. */
    private static boolean isForward(LeadStatus from, LeadStatus to) {
        return to.ordinal() > from.ordinal();
    }
}
