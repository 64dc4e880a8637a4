package io.leadpulse.realtime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one socket every client keeps open: Pusher Channels protocol 7, channel authorisation,
 * presence across instances, history and resume, fan-out from Kafka. See README.md and ADR 8.
 */
@SpringBootApplication
public class RealtimeServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RealtimeServiceApplication.class, args);
    }
}
