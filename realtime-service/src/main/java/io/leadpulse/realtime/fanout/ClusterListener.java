package io.leadpulse.realtime.fanout;

import io.leadpulse.realtime.channels.Hub;
import io.leadpulse.realtime.presence.ClusterBus;
import io.leadpulse.realtime.presence.ClusterEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code realtime.cluster} from its end (what the other instances say from now on) and hands
 * it to the {@link Hub}; once reading, says hello so the others announce their presence members.
 */
@Component
public class ClusterListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterListener.class);

    private final KafkaConfiguration kafka;
    private final Hub hub;
    private final ClusterBus bus;
    private final JsonMapper json;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ClusterListener(KafkaConfiguration kafka, Hub hub, ClusterBus bus, JsonMapper realtimeJson) {
        this.kafka = kafka;
        this.hub = hub;
        this.bus = bus;
        this.json = realtimeJson;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "realtime-cluster-reader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1001;
    }

    private void run() {
        boolean greeted = false;
        while (running) {
            try (KafkaConsumer<String, String> reader = kafka.newConsumer("realtime-cluster-" + hub.instanceId())) {
                consumer = reader;
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info :
                        reader.partitionsFor(KafkaConfiguration.CLUSTER_TOPIC, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
                reader.assign(partitions);
                if (!greeted) {
                    reader.seekToEnd(partitions);
                    partitions.forEach(reader::position);
                    bus.publish(ClusterEvent.hello(hub.instanceId()));
                    greeted = true;
                }
                while (running) {
                    for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                        try {
                            hub.onCluster(json.readValue(record.value(), ClusterEvent.class));
                        } catch (JacksonException | IllegalArgumentException e) {
                            log.warn("skipped an unreadable realtime.cluster record: {}", e.getMessage());
                        }
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the reader up
            } catch (RuntimeException e) {
                log.warn("reading realtime.cluster failed, retrying in 1 s: {}", e.toString());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }
}
