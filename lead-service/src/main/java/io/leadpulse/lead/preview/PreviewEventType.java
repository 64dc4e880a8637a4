package io.leadpulse.lead.preview;

/** What a preview page's beacon reports. */
public enum PreviewEventType {
    /** The page was opened (counts towards the views and the hot-lead window). */
    VIEW,
    /** Seconds the page was visible since the last report; updates the time on page only. */
    HEARTBEAT,
    /** The call to action was clicked. */
    CTA_CLICK,
    /** The quote was accepted; counts as a call-to-action click in the score. */
    QUOTE_ACCEPTED
}
