package io.leadpulse.realtime;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.realtime.channels.DeliveryTracing;
import io.leadpulse.realtime.channels.Hub;
import io.leadpulse.realtime.channels.PusherServer;
import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.leadpulse.realtime.fanout.MicrometerDeliveryTracing;
import io.leadpulse.realtime.fanout.RealtimeRecordCodec;
import io.leadpulse.realtime.presence.ClusterBus;
import io.leadpulse.realtime.protocol.Frames;
import io.leadpulse.realtime.protocol.PusherSignatures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the protocol, the hub and its housekeeping. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeProperties.class)
class RealtimeConfiguration {

    @Bean
    JsonMapper realtimeJson() {
        return EventCodec.defaultMapper();
    }

    @Bean
    Frames frames(JsonMapper realtimeJson) {
        return new Frames(realtimeJson);
    }

    @Bean
    RealtimeRecordCodec realtimeRecordCodec(JsonMapper realtimeJson) {
        return new RealtimeRecordCodec(realtimeJson);
    }

    @Bean
    PusherSignatures pusherSignatures(RealtimeProperties properties) {
        return new PusherSignatures(properties.key(), properties.secret());
    }

    @Bean
    RealtimeMetrics realtimeMetrics(MeterRegistry registry) {
        return new RealtimeMetrics(registry);
    }

    @Bean(destroyMethod = "stop")
    Hub hub(
            RealtimeProperties properties,
            Frames frames,
            RealtimeMetrics metrics,
            ClusterBus cluster,
            ObjectProvider<Propagator> propagator) {
        Propagator p = propagator.getIfAvailable();
        DeliveryTracing tracing = p == null ? DeliveryTracing.NONE : new MicrometerDeliveryTracing(p);
        String instanceId =
                "rt-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new Hub(
                new Hub.Settings(
                        instanceId,
                        properties.historySize(),
                        properties.historyAge().toMillis(),
                        properties.instanceTimeout().toMillis()),
                frames,
                metrics,
                cluster,
                tracing);
    }

    @Bean
    PusherServer pusherServer(
            RealtimeProperties properties,
            Hub hub,
            Frames frames,
            PusherSignatures signatures,
            RealtimeMetrics metrics) {
        return new PusherServer(
                new PusherServer.Settings(
                        properties.key(),
                        properties.activityTimeout(),
                        properties.pongTimeout().toMillis(),
                        properties.maxConnections(),
                        properties.maxOutboundBytes(),
                        properties.maxInboundBytes(),
                        properties.maxEventDataBytes(),
                        properties.clientEventsPerSecond(),
                        properties.writeTimeout().toMillis()),
                hub,
                frames,
                signatures,
                metrics);
    }

    /**
     * Once a second: history ages, dead instances are found, idle sockets are pinged. On shutdown,
     * before the web server stops, every socket is told to reconnect elsewhere (4200).
     */
    @Bean
    SmartLifecycle realtimeHousekeeping(Hub hub, PusherServer server) {
        return new SmartLifecycle() {
            private ScheduledExecutorService scheduler;

            @Override
            public void start() {
                server.open();
                scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "realtime-housekeeping");
                    thread.setDaemon(true);
                    return thread;
                });
                scheduler.scheduleWithFixedDelay(
                        () -> {
                            hub.tick();
                            server.checkActivity();
                        },
                        1,
                        1,
                        TimeUnit.SECONDS);
            }

            @Override
            public void stop() {
                server.drain();
                scheduler.shutdownNow();
                scheduler = null;
            }

            @Override
            public boolean isRunning() {
                return scheduler != null;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
