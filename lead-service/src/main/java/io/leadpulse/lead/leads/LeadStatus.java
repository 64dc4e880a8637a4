package io.leadpulse.lead.leads;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a lead stands in the sales pipeline, and the moves allowed from each stage. Forward moves
 * are what happens to a lead; the few backward ones are a rep correcting a mistake (a reopened lost
 * lead starts at NEW again). PAID is final: a refund is billing's business, not the pipeline's.
 */
public enum LeadStatus {
    NEW,
    CONTACTED,
    REPLIED,
    HOT,
    WON,
    PAID,
    LOST;

    /** The statuses this one may move to. */
    public Set<LeadStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(CONTACTED, REPLIED, HOT, WON, LOST);
            case CONTACTED -> EnumSet.of(REPLIED, HOT, WON, LOST);
            case REPLIED -> EnumSet.of(CONTACTED, HOT, WON, LOST);
            case HOT -> EnumSet.of(CONTACTED, REPLIED, WON, LOST);
            case WON -> EnumSet.of(PAID, LOST);
            case PAID -> EnumSet.noneOf(LeadStatus.class);
            case LOST -> EnumSet.of(NEW);
        };
    }

    public boolean canMoveTo(LeadStatus target) {
        return next().contains(target);
    }

    /** Whether preview views may still make this lead hot: not once it is hot, won, paid or lost. */
    public boolean canTurnHot() {
        return canMoveTo(HOT);
    }
}
