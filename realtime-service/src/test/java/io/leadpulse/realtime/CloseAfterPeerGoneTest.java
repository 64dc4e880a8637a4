package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.realtime.channels.Connection;
import io.leadpulse.realtime.channels.PusherServer;
import io.leadpulse.realtime.protocol.CloseCodes;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A close the server decides on after the peer has already gone: a shutdown drain, an activity
 * check or a slow-consumer cut that races the client's own disconnect. In two realtime benchmark
 * runs (docs/benchmarks.md) a drain whose close actions ran after the sockets had closed logged an
 * ERROR with a stack trace per socket ({@code onErrorDropped}, Reactor Netty's
 * {@code AbortedException}) and leaked the close frame.
 */
@ExtendWith(OutputCaptureExtension.class)
class CloseAfterPeerGoneTest extends RealtimeTestBase {

    @Autowired
    PusherServer pusherServer;

    @Test
    void closingASocketWhosePeerIsGoneSendsNothingAndLogsNoError(CapturedOutput output) {
        RawClient client = RawClient.established(port);
        String socketId = client.socketId();
        Connection connection = connection(socketId);
        int logFrom = output.getAll().length();

        client.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> !connections().contains(connection));
        connection.close(CloseCodes.RECONNECT, "Server is shutting down, reconnect", null);

        // The socket's event loop is idle here and runs the close within milliseconds: an error it
        // logs shows up long before a second is over.
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> !output.getAll().substring(logFrom).contains("onErrorDropped"));
        assertThat(output.getAll().substring(logFrom)).doesNotContain("AbortedException");
    }

    private Connection connection(String socketId) {
        return connections().stream()
                .filter(c -> socketId.equals(c.socketId()))
                .findFirst()
                .orElseThrow();
    }

    // The server keeps its open connections to itself; the test needs the one whose peer it drops.
    @SuppressWarnings("unchecked")
    private Set<Connection> connections() {
        try {
            Field field = PusherServer.class.getDeclaredField("connections");
            field.setAccessible(true);
            return (Set<Connection>) field.get(pusherServer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
