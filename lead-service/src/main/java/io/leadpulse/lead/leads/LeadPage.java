package io.leadpulse.lead.leads;

import java.util.List;

/** One page of a lead list; {@code nextCursor} is null on the last page. */
public record LeadPage(List<Lead> items, String nextCursor) {}
