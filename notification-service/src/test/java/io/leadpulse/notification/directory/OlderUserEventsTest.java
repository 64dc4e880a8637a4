package io.leadpulse.notification.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import org.junit.jupiter.api.Test;

/**
 * {@code user.*} events written before {@code phone} and {@code smsConsent} existed still decode,
 * as "no number, no consent" (EventCodec: unknown fields ignored, missing ones null or false).
 */
class OlderUserEventsTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void aUserCreatedWithoutPhoneAndConsentDecodesAsNotTextable() {
        EventEnvelope envelope = codec.readEnvelope("""
                {"id": "5b0d6a52-4f67-4b0e-9d7a-0c1c3c0e8a11", "type": "user.created", "version": 1,
                 "occurredAt": "2026-11-01T10:00:00Z", "orgId": "0f8fad5b-d9cb-469f-a165-70867728950e",
                 "subject": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "traceparent": null,
                 "data": {"orgId": "0f8fad5b-d9cb-469f-a165-70867728950e",
                          "userId": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "name": "Old Shape",
                          "email": "old@example.test", "role": "REP", "active": true,
                          "createdAt": "2026-11-01T10:00:00Z"}}
                """);

        AccountEvent.UserCreated created =
                (AccountEvent.UserCreated) codec.decode(envelope).orElseThrow();

        assertThat(created.name()).isEqualTo("Old Shape");
        assertThat(created.phone()).isNull();
        assertThat(created.smsConsent()).isFalse();
    }

    @Test
    void aNewEventRoundTripsItsNumberAndConsentAndOnlyE164IsKept() {
        AccountEvent.UserUpdated updated = new AccountEvent.UserUpdated(
                java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID(),
                "New Shape",
                "new@example.test",
                "REP",
                true,
                java.util.List.of("smsConsent"),
                null,
                java.time.Instant.parse("2026-11-23T10:00:00Z"),
                "+447700900123",
                true);

        AccountEvent.UserUpdated read =
                (AccountEvent.UserUpdated) codec.decode(codec.readEnvelope(codec.toJson(codec.wrap(updated, null))))
                        .orElseThrow();

        assertThat(read).isEqualTo(updated);
        assertThat(Directory.mobile(read.phone())).isEqualTo("+447700900123");
        assertThat(Directory.mobile("07700 900123")).isNull();
    }
}
