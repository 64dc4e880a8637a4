package io.leadpulse.messaging.sequences;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Sequence(UUID id, UUID orgId, String name, List<Step> steps, UUID createdBy, Instant createdAt) {}
