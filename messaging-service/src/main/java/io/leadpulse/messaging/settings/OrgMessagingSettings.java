package io.leadpulse.messaging.settings;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * An organisation's messaging settings.
 *
 * @param helpReply what HELP and INFO are answered with
 * @param quietStart recipients' local time from which messages may go out
 * @param quietEnd recipients' local time from which they wait for the next day ({@code start == end}: no quiet hours)
 * @param timezone used when a recipient's number tells no timezone
 */
public record OrgMessagingSettings(
        UUID orgId, String helpReply, LocalTime quietStart, LocalTime quietEnd, ZoneId timezone) {}
