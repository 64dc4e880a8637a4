package io.leadpulse.platform.eventing.outbox;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The platform tests' application: the eventing auto-configuration against real PostgreSQL and Kafka. */
@SpringBootApplication
public class EventingTestApplication {

    /** A consumer of notification.events that fails on purpose for poison payloads. */
    @Component
    static class RecordingListener {
        final List<EventEnvelope> applied = new CopyOnWriteArrayList<>();
        private final EventCodec codec;
        private final IdempotentConsumer idempotent;

        RecordingListener(EventCodec codec, IdempotentConsumer idempotent) {
            this.codec = codec;
            this.idempotent = idempotent;
        }

        @KafkaListener(topics = Topics.NOTIFICATION_EVENTS, groupId = "eventing-test-recorder")
        void on(String json) {
            EventEnvelope event = codec.readEnvelope(json);
            if (event.data().path("poison").asBoolean(false)) {
                throw new IllegalStateException("this event always fails");
            }
            idempotent.apply("test.recorder", event, () -> applied.add(event));
        }
    }
}
