package io.leadpulse.messaging.webhooks;

import com.twilio.security.RequestValidator;
import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.platform.eventing.outbox.TraceparentSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes Twilio's webhooks in: checks the signature with the SDK's {@link RequestValidator} over
 * the public URL and every parameter, then stores the raw request under its unique (MessageSid,
 * status) before the controller answers. Nothing else happens here: the worker, woken by the
 * store, processes the stored rows, so a crash after the answer loses nothing and ingest never
 * waits for Kafka.
 */
@Service
public class TwilioWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

    public enum Outcome {
        ACCEPTED,
        DUPLICATE
    }

    private final RequestValidator validator;
    private final TwilioWebhookRepository webhooks;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TraceparentSource traceparent;
    private final TwilioWebhookProcessor processor;

    TwilioWebhooks(
            MessagingSettings settings,
            TwilioWebhookRepository webhooks,
            Clock clock,
            MeterRegistry meters,
            TraceparentSource traceparent,
            TwilioWebhookProcessor processor) {
        this.traceparent = traceparent;
        this.processor = processor;
        this.validator = new RequestValidator(settings.twilio().authToken());
        this.webhooks = webhooks;
        this.clock = clock;
        this.meters = meters;
    }

    public Outcome receive(WebhookKind kind, String publicUrl, Map<String, String> params, String signature) {
        if (signature == null || signature.isBlank() || !validator.validate(publicUrl, params, signature)) {
            count(kind, "bad_signature");
            log.warn("twilio webhook refused: kind={} reason=bad_signature url={}", kind, publicUrl);
            throw new WebhookRejected(WebhookRejected.Reason.BAD_SIGNATURE, List.of(), "invalid X-Twilio-Signature");
        }
        List<String> missing = kind.required().stream()
                .filter(name -> params.get(name) == null
                        || (!name.equals("Body") && params.get(name).isBlank()))
                .toList();
        if (!missing.isEmpty()) {
            count(kind, "missing_parameters");
            throw new WebhookRejected(
                    WebhookRejected.Reason.MISSING_PARAMETERS, missing, "missing " + String.join(", ", missing));
        }
        String sid = params.get("MessageSid");
        String status = kind == WebhookKind.INBOUND
                ? "received"
                : params.get("MessageStatus").toLowerCase(Locale.ROOT);
        boolean stored = webhooks.insert(kind, sid, status, params, clock.instant(), traceparent.current());
        count(kind, stored ? "accepted" : "duplicate");
        log.info("twilio webhook {}: kind={} sid={} status={}", stored ? "stored" : "duplicate", kind, sid, status);
        if (stored) {
            processor.wake();
        }
        return stored ? Outcome.ACCEPTED : Outcome.DUPLICATE;
    }

    private void count(WebhookKind kind, String result) {
        meters.counter(
                        "messaging.webhooks",
                        "provider",
                        "twilio",
                        "kind",
                        kind.name().toLowerCase(Locale.ROOT),
                        "result",
                        result)
                .increment();
    }
}
