package io.leadpulse.messaging.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A caller that goes away in the middle of its request is one quiet line, not an unhandled 500. */
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectTest extends MessagingServiceTestSupport {

    @Test
    void aWebhookCallerThatDisconnectsMidBodyIsLoggedAsOneQuietLine(CapturedOutput output) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/twilio/status HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "X-Twilio-Signature: abc\r\n"
                            + "Content-Length: 400\r\n\r\n"
                            + "MessageSid=SM1&MessageStatus=deliv")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("POST /webhooks/twilio/status"));
        assertThat(output.getAll()).doesNotContain("unhandled error");
    }
}
