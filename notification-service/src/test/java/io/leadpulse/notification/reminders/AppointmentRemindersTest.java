package io.leadpulse.notification.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reminders 15 minutes before an appointment, from a schedule in PostgreSQL, driven by the
 * service's clock (moved forward here instead of waiting).
 */
class AppointmentRemindersTest extends NotificationTestSupport {

    @Test
    void remindsTheAssigneeFifteenMinutesBeforeOnceAndAgainWhenTheAppointmentMoves() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        UUID lead = UUID.randomUUID();
        UUID appointment = UUID.randomUUID();
        Instant startsAt = clock.instant().plus(Duration.ofHours(2));
        EventEnvelope scheduled = send(scheduled(org, lead, appointment, rep, startsAt, clock.instant()));
        awaitProcessed(scheduled);

        clock.advance(Duration.ofMinutes(100)); // 20 min before: not yet
        EventEnvelope marker = send(scheduled(
                org, lead, UUID.randomUUID(), rep, clock.instant().plus(Duration.ofHours(5)), clock.instant()));
        awaitProcessed(marker);
        awaitWorkerRound();
        assertThat(types(rep, org)).isEmpty();

        clock.advance(Duration.ofMinutes(6)); // 14 min before
        await().until(() -> types(rep, org).equals(List.of("appointment.reminder")));
        assertThat(items(rep, org).get(0).get("title").asString()).isEqualTo("Starts in 14 min: Demo call");

        send(Topics.LEAD_EVENTS, scheduled); // redelivered: no second reminder
        Instant moved = clock.instant().plus(Duration.ofHours(1));
        EventEnvelope move = send(scheduled(org, lead, appointment, rep, moved, clock.instant()));
        awaitProcessed(move);
        awaitWorkerRound();
        assertThat(types(rep, org)).hasSize(1);

        clock.advance(Duration.ofMinutes(46));
        await().until(() -> types(rep, org).size() == 2);
    }

    @Test
    void aCancelledAppointmentRemindsNobodyEvenWhenTheCancellationArrivesFirst() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        UUID lead = UUID.randomUUID();
        UUID cancelledLater = UUID.randomUUID();
        UUID cancelledFirst = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        Instant startsAt = clock.instant().plus(Duration.ofMinutes(30));
        Instant bookedAt = clock.instant();

        EventEnvelope a = send(scheduled(org, lead, cancelledLater, rep, startsAt, bookedAt));
        EventEnvelope b = send(new LeadEvent.AppointmentCancelled(org, lead, cancelledLater, rep, clock.instant()));
        EventEnvelope c = send(new LeadEvent.AppointmentCancelled(org, lead, cancelledFirst, rep, clock.instant()));
        EventEnvelope d = send(scheduled(org, lead, cancelledFirst, rep, startsAt, bookedAt));
        EventEnvelope e = send(scheduled(org, lead, kept, rep, startsAt.plusSeconds(60), bookedAt));
        awaitProcessed(a, b, c, d, e);

        clock.advance(Duration.ofMinutes(20));
        await().until(() -> types(rep, org).size() == 1);
        awaitWorkerRound();
        assertThat(items(rep, org).get(0).get("subjectId").asString()).isEqualTo(lead.toString());
        assertThat(jdbc.sql("select count(*) from appointment_reminder where lead_id = ? and sent_at is not null")
                        .param(lead)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Autowired
    Reminders reminders;

    /** One round of the worker, run here so a "nothing yet" check has really looked at the schedule. */
    private void awaitWorkerRound() {
        reminders.fireDue();
    }

    private static LeadEvent.AppointmentScheduled scheduled(
            UUID org, UUID lead, UUID appointment, UUID assignee, Instant startsAt, Instant scheduledAt) {
        return new LeadEvent.AppointmentScheduled(
                org,
                lead,
                appointment,
                assignee,
                "CALL",
                "Demo call",
                startsAt,
                startsAt.plusSeconds(1800),
                assignee,
                scheduledAt);
    }
}
