package io.leadpulse.lead.preview;

/**
 * One event a preview page sent, already checked.
 *
 * @param secondsOnPage seconds the page was visible since the beacon's last report, 0 if none
 * @param clientEventId the page's own id for the event; a second event with the same id for the
 *     same lead (a retried beacon) changes nothing. Null when the client sent none.
 */
public record BeaconEvent(PreviewEventType type, int secondsOnPage, String clientEventId) {}
