package io.leadpulse.realtime.fanout;

import io.leadpulse.realtime.RealtimeProperties;
import io.leadpulse.realtime.channels.Hub;
import io.leadpulse.realtime.presence.ClusterBus;
import io.leadpulse.realtime.presence.ClusterEvent;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code realtime.cluster} from its end (what the other instances say from now on) and hands
 * it to the {@link Hub}; once reading, says hello so the others announce their presence members,
 * and sends this instance's heartbeat every {@code heartbeat-interval}.
 */
@Component
public class ClusterListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterListener.class);

    private final KafkaConfiguration kafka;
    private final Hub hub;
    private final ClusterBus bus;
    private final JsonMapper json;
    private final long heartbeatNanos;
    // Touched only by the reader thread: the hello goes out once, not on every new consumer.
    private boolean greeted;

    public ClusterListener(
            KafkaConfiguration kafka, Hub hub, ClusterBus bus, JsonMapper realtimeJson, RealtimeProperties properties) {
        super("realtime-cluster-reader");
        this.heartbeatNanos = properties.heartbeatInterval().toNanos();
        this.kafka = kafka;
        this.hub = hub;
        this.bus = bus;
        this.json = realtimeJson;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1001;
    }

    @Override
    KafkaConsumer<String, String> newConsumer() {
        return kafka.newConsumer("realtime-cluster-" + hub.instanceId());
    }

    @Override
    KafkaClientMetrics instrument(KafkaConsumer<String, String> reader) {
        return kafka.instrument(reader);
    }

    @Override
    void read(KafkaConsumer<String, String> reader) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : reader.partitionsFor(KafkaConfiguration.CLUSTER_TOPIC, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        reader.assign(partitions);
        if (!greeted) {
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            bus.publish(ClusterEvent.hello(hub.instanceId()));
            greeted = true;
        }
        long lastBeat = 0;
        while (running()) {
            // Heartbeats come from the reading loop from the first moment: an instance is
            // alive to the others exactly while it takes part in the cluster topic.
            if (System.nanoTime() - lastBeat >= heartbeatNanos) {
                bus.publish(ClusterEvent.heartbeat(hub.instanceId()));
                lastBeat = System.nanoTime();
            }
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                try {
                    hub.onCluster(json.readValue(record.value(), ClusterEvent.class));
                } catch (JacksonException | IllegalArgumentException e) {
                    log.warn("skipped an unreadable realtime.cluster record: {}", e.getMessage());
                }
            }
        }
    }
}
