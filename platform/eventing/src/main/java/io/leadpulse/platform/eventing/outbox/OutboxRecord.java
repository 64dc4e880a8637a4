package io.leadpulse.platform.eventing.outbox;

import java.util.UUID;

/** One outbox row: {@code topic} is stored as Debezium's {@code aggregatetype}, {@code key} as {@code aggregateid}. */
record OutboxRecord(UUID id, String topic, String key, String type, String payload, String traceparent) {}
