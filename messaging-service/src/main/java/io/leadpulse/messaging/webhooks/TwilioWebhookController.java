package io.leadpulse.messaging.webhooks;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.platform.web.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks, public and protected by their signature. Twilio signs the URL it was given
 * (the gateway's), so the URL is rebuilt from the configured public base URL, else from the
 * gateway's {@code X-Forwarded-*} headers, else from the request itself.
 */
@RestController
class TwilioWebhookController {

    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TwilioWebhookController.class);

    private final TwilioWebhooks webhooks;
    private final MessagingSettings.Twilio settings;

    TwilioWebhookController(TwilioWebhooks webhooks, MessagingSettings settings) {
        this.webhooks = webhooks;
        this.settings = settings.twilio();
    }

    @PostMapping(path = "/webhooks/twilio/inbound", produces = MediaType.TEXT_XML_VALUE)
    ResponseEntity<String> inbound(HttpServletRequest request) {
        receive(WebhookKind.INBOUND, request);
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    @PostMapping("/webhooks/twilio/status")
    ResponseEntity<Void> status(HttpServletRequest request) {
        receive(WebhookKind.STATUS, request);
        return ResponseEntity.ok().build();
    }

    private void receive(WebhookKind kind, HttpServletRequest request) {
        if (request.getContentLengthLong() > settings.maxWebhookBytes()) {
            throw new ApiProblem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Payload too large",
                    "A Twilio webhook is at most " + settings.maxWebhookBytes() + " bytes.",
                    null);
        }
        Map<String, String[]> form;
        try {
            form = request.getParameterMap();
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw new ClientGone(e);
            }
            throw e;
        }
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((name, values) -> params.put(name, values.length == 0 ? "" : values[0]));
        webhooks.receive(kind, publicUrl(request), params, request.getHeader("X-Twilio-Signature"));
    }

    /** The URL Twilio called, as it signed it. */
    String publicUrl(HttpServletRequest request) {
        String pathAndQuery =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (settings.publicBaseUrl() != null && !settings.publicBaseUrl().isBlank()) {
            String base = settings.publicBaseUrl();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"), request.getScheme());
        String host = first(request.getHeader("X-Forwarded-Host"), request.getHeader("Host"));
        String port = first(request.getHeader("X-Forwarded-Port"), null);
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        if (port != null && !host.contains(":") && !isDefault(proto, port)) {
            host = host + ":" + port;
        }
        String prefix = first(request.getHeader("X-Forwarded-Prefix"), "");
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return proto + "://" + host + prefix + pathAndQuery;
    }

    /** The caller went away while sending its body (the container could not read the form). */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** Nothing was stored and nobody is listening for an answer: one line, not an error. */
    @ExceptionHandler(ClientGone.class)
    void clientGone(ClientGone e, HttpServletRequest request) {
        log.info(
                "webhook caller disconnected mid-request: path={} cause={}",
                request.getRequestURI(),
                String.valueOf(e.getCause()));
    }

    @ExceptionHandler(WebhookRejected.class)
    ProblemDetail rejected(WebhookRejected e) {
        if (e.reason() == WebhookRejected.Reason.BAD_SIGNATURE) {
            return ApiProblem.forbidden("The request is not signed by Twilio.").toProblemDetail();
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "errors",
                e.missing().stream()
                        .map(name -> Map.of("field", name, "message", "is required"))
                        .toList());
        return new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Invalid request",
                        "missing parameters: " + String.join(", ", e.missing()),
                        properties)
                .toProblemDetail();
    }

    private static boolean isDefault(String proto, String port) {
        return ("https".equalsIgnoreCase(proto) && "443".equals(port))
                || ("http".equalsIgnoreCase(proto) && "80".equals(port));
    }

    /** The first value of a possibly comma-separated forwarded header (the client-facing hop). */
    private static String first(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        return List.of(header.split(",")).getFirst().trim();
    }
}
