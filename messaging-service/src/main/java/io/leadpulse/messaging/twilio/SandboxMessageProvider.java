package io.leadpulse.messaging.twilio;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.MessageProvider;
import io.leadpulse.messaging.sending.OutgoingMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline stand-in for Twilio, used when no account is configured: it answers like the
 * Messages API ({@code SM…} sid, status {@code queued}) and then, like Twilio, calls our status
 * webhook at its public URL (through the gateway) with {@code sent} and then {@code delivered},
 * signed with the auth token, so the whole flow (signature check, stored webhook, worker, events)
 * runs as in production. Twilio's test numbers fail the same way: {@code +15005550001} (21211,
 * invalid number), {@code +15005550004} (21610, opted out), {@code +15005550009} (21614, not a
 * mobile). The callbacks are a simulation of the provider, so they live in memory: a restart
 * loses the pending ones, as a real provider's outage would delay them.
 */
final class SandboxMessageProvider implements MessageProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxMessageProvider.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, Rejected> TEST_NUMBERS = Map.of(
            "+15005550001", new Rejected(21211, "The 'To' number +15005550001 is not a valid phone number."),
            "+15005550004", new Rejected(21610, "Attempt to send to unsubscribed recipient"),
            "+15005550009", new Rejected(21614, "'To' number is not a valid mobile number"));

    private final String authToken;
    private final String accountSid;
    private final Supplier<String> callbackUrl;
    private final MessagingSettings.Sandbox timing;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService callbacks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "twilio-sandbox");
        thread.setDaemon(true);
        return thread;
    });

    /** @param callbackUrl resolves the configured status callback URL when a callback is due */
    SandboxMessageProvider(String authToken, Supplier<String> callbackUrl, MessagingSettings.Sandbox timing) {
        this.authToken = authToken;
        this.accountSid = "AC" + "0".repeat(32);
        this.callbackUrl = callbackUrl;
        this.timing = timing;
    }

    @Override
    public Accepted send(OutgoingMessage message) {
        String number = message.to().startsWith("whatsapp:") ? message.to().substring(9) : message.to();
        Rejected rejected = TEST_NUMBERS.get(number);
        if (rejected != null) {
            throw new Rejected(rejected.code(), rejected.getMessage());
        }
        String sid = "SM" + HexFormat.of().formatHex(randomBytes());
        callbacks.schedule(
                () -> callback(sid, message, "sent"), timing.sentAfter().toMillis(), TimeUnit.MILLISECONDS);
        callbacks.schedule(
                () -> callback(sid, message, "delivered"),
                timing.deliveredAfter().toMillis(),
                TimeUnit.MILLISECONDS);
        return new Accepted(sid, "queued");
    }

    @Override
    public boolean handles(Channel channel) {
        return channel != Channel.EMAIL;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    private void callback(String sid, OutgoingMessage message, String status) {
        String url = callbackUrl.get();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("ApiVersion", "2010-04-01");
        params.put("From", message.from());
        params.put("To", message.to());
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        String form = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.sign(authToken, url, params))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                log.warn(
                        "sandbox status callback refused: sid={} status={} http={}",
                        sid,
                        status,
                        response.statusCode());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("sandbox status callback failed: sid={} status={} {}", sid, status, e.toString());
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
