package io.leadpulse.lead.timeline;

import java.util.List;

/** One page of a lead's timeline, newest first; {@code nextCursor} is null on the last page. */
public record TimelinePage(List<Activity> items, String nextCursor) {}
