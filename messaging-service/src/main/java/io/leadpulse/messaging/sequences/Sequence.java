package io.leadpulse.messaging.sequences;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code enrolRule} null: leads are enrolled by hand only. */
public record Sequence(
        UUID id, UUID orgId, String name, List<Step> steps, EnrolRule enrolRule, UUID createdBy, Instant createdAt) {}
