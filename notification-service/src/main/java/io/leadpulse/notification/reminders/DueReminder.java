package io.leadpulse.notification.reminders;

import java.time.Instant;
import java.util.UUID;

/** A claimed reminder whose time has come. */
record DueReminder(UUID appointmentId, UUID orgId, UUID leadId, UUID assigneeId, String title, Instant startsAt) {}
