package io.leadpulse.realtime.fanout;

import io.leadpulse.platform.events.Topics;
import io.leadpulse.realtime.RealtimeProperties;
import io.leadpulse.realtime.channels.Hub;
import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads every partition of {@code realtime.messages} (manual assignment, no group: every instance
 * sees every message) and hands the records to the {@link Hub}. At start it seeks back
 * {@code history-age} by timestamp, so history is rebuilt, and the instance takes sockets only
 * once it has caught up with what was in the topic then.
 */
@Component
public class RealtimeMessagesListener extends TopicListener {

    private static final Logger log = LoggerFactory.getLogger(RealtimeMessagesListener.class);
    private static final int MAX_PENDING = 50_000;
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final KafkaConfiguration kafka;
    private final RealtimeProperties properties;
    private final Hub hub;
    private final RealtimeRecordCodec codec;
    private final RealtimeMetrics metrics;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    // Touched only by the reader thread: where a new consumer carries on after a failure.
    private long[] resumeAt;

    public RealtimeMessagesListener(
            KafkaConfiguration kafka,
            RealtimeProperties properties,
            Hub hub,
            RealtimeRecordCodec codec,
            RealtimeMetrics metrics) {
        super("realtime-messages-reader");
        this.kafka = kafka;
        this.properties = properties;
        this.hub = hub;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        super.start();
        try {
            if (!caughtUp.await(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("realtime.messages not caught up after {}; sockets wait (4100) until it is", STARTUP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts before the web server takes sockets and stops after it has drained them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    KafkaConsumer<String, String> newConsumer() {
        return kafka.newConsumer("realtime-messages-" + hub.instanceId());
    }

    @Override
    KafkaClientMetrics instrument(KafkaConsumer<String, String> reader) {
        return kafka.instrument(reader);
    }

    @Override
    void read(KafkaConsumer<String, String> reader) throws InterruptedException {
        List<TopicPartition> partitions;
        if (resumeAt == null) {
            String epoch = kafka.ensureTopics(properties);
            partitions = partitions(reader);
            reader.assign(partitions);
            resumeAt = seekBack(reader, partitions);
            hub.start(epoch, resumeAt.clone());
        } else {
            partitions = partitions(reader);
            reader.assign(partitions);
            for (TopicPartition partition : partitions) {
                if (partition.partition() < resumeAt.length) {
                    reader.seek(partition, resumeAt[partition.partition()]);
                }
            }
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        read(reader, partitions, end, resumeAt);
    }

    private void read(
            KafkaConsumer<String, String> reader,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> end,
            long[] resumeAt) {
        boolean ready = caughtUp.getCount() == 0 || caughtUp(reader, partitions, end);
        if (ready) {
            becomeReady();
        }
        while (running()) {
            ConsumerRecords<String, String> records = reader.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                List<Hub.Inbound> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> record : records) {
                    RealtimeRecord parsed = codec.read(record.value());
                    if (parsed == null) {
                        metrics.malformedRecord();
                        log.warn(
                                "skipped an unreadable realtime.messages record at partition {} offset {}",
                                record.partition(),
                                record.offset());
                    } else {
                        metrics.received(RealtimeMetrics.Source.KAFKA);
                    }
                    batch.add(new Hub.Inbound(record.partition(), record.offset(), parsed, traceparent(record)));
                    if (record.partition() < resumeAt.length) {
                        resumeAt[record.partition()] = record.offset() + 1;
                    }
                }
                hub.onRecords(batch);
            }
            if (!ready && caughtUp(reader, partitions, end)) {
                ready = true;
                becomeReady();
            }
            while (hub.pendingRecords() > MAX_PENDING && running()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void becomeReady() {
        hub.markReady();
        caughtUp.countDown();
    }

    private static boolean caughtUp(
            KafkaConsumer<String, String> reader, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (reader.position(partition) < end.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> reader) {
        List<PartitionInfo> infos = reader.partitionsFor(Topics.REALTIME_MESSAGES, Duration.ofSeconds(10));
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        return partitions;
    }

    /** Seeks each partition to the first record younger than {@code history-age}; returns the offsets. */
    private long[] seekBack(KafkaConsumer<String, String> reader, List<TopicPartition> partitions) {
        long since = System.currentTimeMillis() - properties.historyAge().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = reader.offsetsForTimes(query);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        long[] start = new long[partitions.size()];
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            long offset = at != null ? at.offset() : end.getOrDefault(partition, 0L);
            reader.seek(partition, offset);
            start[partition.partition()] = offset;
        }
        return start;
    }
}
