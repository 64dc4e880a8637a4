package io.leadpulse.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    private final LeadEvent.LeadCreated created = new LeadEvent.LeadCreated(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "Ada",
            "Lovelace",
            "ada@example.test",
            "+14155550100",
            "Analytical Engines",
            "NEW",
            null,
            List.of("vip"),
            "api",
            null,
            Instant.parse("2026-11-22T10:15:30Z"));

    @Test
    void wrapsAnEventUnderItsStableTypeNotItsClassName() {
        EventEnvelope envelope = codec.wrap(created, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertThat(envelope.type()).isEqualTo("lead.created");
        assertThat(envelope.version()).isEqualTo(1);
        assertThat(envelope.orgId()).isEqualTo(created.orgId());
        assertThat(envelope.subject()).isEqualTo(created.leadId().toString());
        assertThat(codec.toJson(envelope)).doesNotContain("LeadCreated");
    }

    @Test
    void roundTripsThroughJson() {
        EventEnvelope envelope = codec.wrap(created, null);

        EventEnvelope read = codec.readEnvelope(codec.toJson(envelope));

        assertThat(read.id()).isEqualTo(envelope.id());
        assertThat(codec.decode(read)).contains(created);
    }

    @Test
    void ignoresFieldsItDoesNotKnowSoProducersCanAddFields() {
        String json = codec.toJson(codec.wrap(created, null))
                .replace("\"firstName\"", "\"addedLater\":42,\"firstName\"")
                .replace("\"version\"", "\"shard\":\"x\",\"version\"");

        assertThat(codec.decode(codec.readEnvelope(json))).contains(created);
    }

    @Test
    void leavesUnknownTypesAndVersionsUndecoded() {
        EventEnvelope envelope = codec.wrap(created, null);
        EventEnvelope future = new EventEnvelope(
                envelope.id(),
                envelope.type(),
                2,
                envelope.occurredAt(),
                envelope.orgId(),
                envelope.subject(),
                null,
                envelope.data());
        EventEnvelope unknown = new EventEnvelope(
                envelope.id(),
                "lead.teleported",
                1,
                envelope.occurredAt(),
                envelope.orgId(),
                envelope.subject(),
                null,
                envelope.data());

        assertThat(codec.decode(future)).isEmpty();
        assertThat(codec.decode(unknown)).isEmpty();
    }

    @Test
    void rejectsJsonThatIsNotAnEnvelope() {
        assertThatThrownBy(() -> codec.readEnvelope("{\"hello\":1}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> codec.readEnvelope("not json")).isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void everyContractHasAUniqueDottedTypeAndATopic() {
        assertThat(EventCatalog.all()).isNotEmpty();
        EventCatalog.all().forEach((key, type) -> {
            assertThat(key).matches("[a-z]+(\\.[a-z_]+)+@v\\d+");
            assertThat(EventCatalog.topicOf(type)).endsWith(".events");
            assertThat(type.isRecord()).as("%s is a record", type).isTrue();
        });
    }

    @Test
    void realtimeMessageRejectsChannelNamesPusherWouldRefuse() {
        assertThatThrownBy(() -> RealtimeMessage.of(UUID.randomUUID(), List.of("bad channel"), "x", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RealtimeMessage.of(UUID.randomUUID(), List.of(), "x", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
