package io.leadpulse.realtime;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of realtime-service, documented in its README.
 *
 * @param appId Pusher app id (the HTTP API path {@code /apps/{id}})
 * @param key Pusher app key (the socket path {@code /app/{key}})
 * @param secret Pusher app secret; signs channel auth and HTTP API requests
 * @param activityTimeout seconds told to clients; the server pings a connection silent this long
 * @param pongTimeout how long a pinged connection has to answer before it is closed with 4201
 * @param maxConnections connections per instance; the next one is closed with 4100
 * @param maxOutboundBytes bytes queued for one connection before it counts as a slow consumer
 * @param maxInboundBytes largest frame a client may send (larger: {@code pusher:error} 4300)
 * @param maxEventDataBytes largest client or HTTP API event data (Pusher's 10 KB)
 * @param clientEventsPerSecond client events one connection may send per second (then 4301)
 * @param historySize messages kept per channel for resume
 * @param historyAge how long a message stays in a channel's history; also how far back an instance
 *     reads {@code realtime.messages} when it starts
 * @param leadServiceUrl lead-service, asked whether a caller may see a lead
 * @param httpApiPort port of the Pusher HTTP API server for backends (0 = random, -1 = off)
 * @param heartbeatInterval how often an instance tells the others it is alive
 * @param instanceTimeout an instance not heard from this long is taken as dead and its presence
 *     members removed
 * @param partitions partitions of the topics this service creates when they are missing
 * @param writeTimeout a socket write the peer has not taken after this long closes the socket (a
 *     client that stopped reading takes neither its frames nor our close frame)
 */
@Validated
@ConfigurationProperties("realtime")
public record RealtimeProperties(
        @NotBlank String appId,
        @NotBlank String key,
        @NotBlank String secret,
        @Min(1) int activityTimeout,
        Duration pongTimeout,
        @Min(1) int maxConnections,
        @Min(1024) long maxOutboundBytes,
        @Min(256) int maxInboundBytes,
        @Min(64) int maxEventDataBytes,
        @Min(1) int clientEventsPerSecond,
        @Min(0) int historySize,
        Duration historyAge,
        URI leadServiceUrl,
        int httpApiPort,
        Duration heartbeatInterval,
        Duration instanceTimeout,
        @Min(1) int partitions,
        Duration writeTimeout) {}
