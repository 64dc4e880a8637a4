package io.leadpulse.realtime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one socket every client keeps open. This release runs the service's shell (health,
 * metrics, tracing) so the suite starts whole; the Pusher protocol, channel authorisation and the
 * Kafka fan-out arrive with the realtime-service issue.
 */
@SpringBootApplication
public class RealtimeServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RealtimeServiceApplication.class, args);
    }
}
