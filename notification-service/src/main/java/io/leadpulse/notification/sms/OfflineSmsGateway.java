package io.leadpulse.notification.sms;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No Twilio account configured ({@code ./dev up}): logs that a text would have gone (its length
 * only: never the number or the text) and answers a made-up sid.
 */
final class OfflineSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(OfflineSmsGateway.class);

    @Override
    public String send(String to, String from, String body) {
        String sid = "OFFLINE" + UUID.randomUUID().toString().replace("-", "");
        log.info("sms not sent (no Twilio account configured): sid={} chars={}", sid, body.length());
        return sid;
    }
}
