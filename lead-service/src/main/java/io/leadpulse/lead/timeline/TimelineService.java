package io.leadpulse.lead.timeline;

import io.leadpulse.lead.leads.LeadService;
import io.leadpulse.lead.leads.PageCursors;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a lead's timeline for the people who may see the lead, and records what other services
 * report about a lead: any event whose data names a {@code leadId} of the event's organisation.
 */
@Service
public class TimelineService {

    private static final Logger log = LoggerFactory.getLogger(TimelineService.class);
    private static final String CURSOR_KIND = "timeline";
    /** Fields kept from another service's event, and the size a kept value may have. */
    static final int MAX_FIELDS = 30;

    static final int MAX_TEXT = 1_000;
    static final int MAX_NESTED_JSON = 2_000;

    private final TimelineRepository entries;
    private final Timeline timeline;
    private final LeadService leads;
    private final PageCursors cursors;
    private final JsonMapper json;

    TimelineService(
            TimelineRepository entries, Timeline timeline, LeadService leads, PageCursors cursors, JsonMapper json) {
        this.entries = entries;
        this.timeline = timeline;
        this.leads = leads;
        this.cursors = cursors;
        this.json = json;
    }

    /**
     * A page of the lead's timeline, newest first, or empty when the actor may not see the lead.
     *
     * @throws ApiProblem 400 naming {@code cursor} for an edited cursor
     */
    @Transactional(readOnly = true)
    public Optional<TimelinePage> page(CurrentUser actor, UUID leadId, String cursor, int limit) {
        if (leads.find(actor, leadId).isEmpty()) {
            return Optional.empty();
        }
        String afterAt = null;
        UUID afterId = null;
        if (cursor != null) {
            List<String> position = cursors.decode(CURSOR_KIND, cursor)
                    .filter(p -> p.size() == 2)
                    .orElseThrow(() -> ApiProblem.invalidField("cursor", "is not a cursor of this timeline"));
            afterAt = position.get(0);
            try {
                afterId = UUID.fromString(position.get(1));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("cursor", "is not a cursor of this timeline");
            }
        }
        List<TimelineRepository.Keyed> rows = entries.page(actor.orgId(), leadId, afterAt, afterId, limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            TimelineRepository.Keyed last = rows.getLast();
            next = cursors.encode(
                    CURSOR_KIND, List.of(last.at(), last.activity().id().toString()));
        }
        return Optional.of(new TimelinePage(
                rows.stream().map(TimelineRepository.Keyed::activity).toList(), next));
    }

    /**
     * Records another service's event on the timeline of the lead its data names, once per event
     * id. Nothing is recorded when the data names no lead, or a lead the event's organisation does
     * not own (another tenant's event never lands on this lead).
     *
     * @return whether an entry was added
     */
    @Transactional
    public boolean recordExternal(EventEnvelope envelope) {
        JsonNode data = envelope.data();
        JsonNode leadField = data.get("leadId");
        if (envelope.orgId() == null || leadField == null || !leadField.isString()) {
            return false;
        }
        UUID leadId;
        try {
            leadId = UUID.fromString(leadField.asString());
        } catch (IllegalArgumentException e) {
            log.info(
                    "timeline skipped an event with a malformed leadId: type={} id={}", envelope.type(), envelope.id());
            return false;
        }
        boolean added = timeline.recordEvent(
                envelope.id(), envelope.orgId(), leadId, envelope.type(), envelope.occurredAt(), trimmed(data));
        log.info(
                "timeline {} event: type={} id={} lead={} org={}",
                added ? "recorded" : "ignored (duplicate or not this org's lead)",
                envelope.type(),
                envelope.id(),
                leadId,
                envelope.orgId());
        return added;
    }

    /**
     * What the timeline keeps of another service's event: its top-level fields but the ids already
     * on the entry, no nulls, long text cut, large nested values left out, at most {@link #MAX_FIELDS}.
     */
    Map<String, Object> trimmed(JsonNode data) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (kept.size() >= MAX_FIELDS) {
                break;
            }
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("leadId") || name.equals("orgId") || value == null || value.isNull()) {
                continue;
            }
            if (value.isString()) {
                String text = value.asString();
                kept.put(name, text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…");
            } else if (value.isNumber()) {
                kept.put(name, value.numberValue());
            } else if (value.isBoolean()) {
                kept.put(name, value.asBoolean());
            } else if (value.isContainer()) {
                String nested = json.writeValueAsString(value);
                if (nested.length() <= MAX_NESTED_JSON) {
                    kept.put(name, json.treeToValue(value, Object.class));
                }
            }
        }
        return kept;
    }
}
