package io.leadpulse.messaging.email;

import java.net.URI;
import java.util.Base64;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public ends of email tracking (no JWT: {@code leadpulse.security.public-paths}); the signed
 * token is the only authority. An unknown or altered token is 404 and records nothing; a click
 * redirects only to the link its signed token names.
 */
@RestController
class TrackingController {

    /** A transparent 1x1 GIF. */
    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final EmailEngagement engagement;

    TrackingController(EmailEngagement engagement) {
        this.engagement = engagement;
    }

    @GetMapping("/t/o/{file}")
    ResponseEntity<byte[]> open(@PathVariable String file) {
        if (!file.endsWith(".gif")) {
            return ResponseEntity.notFound().build();
        }
        return engagement
                .record(file.substring(0, file.length() - ".gif".length()), Tracking.Kind.OPEN)
                .map(t -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.IMAGE_GIF)
                        .body(PIXEL))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/t/c/{token}")
    ResponseEntity<Void> click(@PathVariable String token) {
        return engagement
                .record(token, Tracking.Kind.CLICK)
                .map(t -> ResponseEntity.status(HttpStatus.FOUND)
                        .cacheControl(CacheControl.noStore())
                        .location(URI.create(t.url()))
                        .<Void>build())
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
