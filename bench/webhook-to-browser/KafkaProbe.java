import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw Kafka produce-to-consume latency on the suite's broker, the baseline of the webhook-to-browser
 * benchmark: RATE records/s for SECONDS (after WARMUP seconds at the same rate, not recorded) of SIZE
 * bytes to its own topic {@code bench.raw-latency} (3 partitions, created when missing), acks=all,
 * linger.ms=0, keys spread over the partitions, while a plain consumer (no group, every partition
 * assigned, from the end) in the same JVM records each record's produce-to-consume time (the
 * producer's send start to the consumer's poll return, same clock). One JSON line on stdout.
 * Bounded: stops by itself at most 60 s after the last send.
 *
 * <pre>java -cp 'deploy/local/target/lib/*' KafkaProbe.java BOOTSTRAP RATE SECONDS [WARMUP] [SIZE]</pre>
 */
public final class KafkaProbe {

    private static final String TOPIC = "bench.raw-latency";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 1024;

        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }

        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "0");
        p.put("enable.idempotence", "true");
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("client.id", "bench-raw-latency-consumer");
        c.put("enable.auto.commit", "false");

        String run = UUID.randomUUID().toString().substring(0, 8);
        int total = rate * seconds;
        int warm = rate * warmup;
        long[] latencyNanos = new long[total];
        Arrays.fill(latencyNanos, -1);
        AtomicBoolean sending = new AtomicBoolean(true);
        int[] consumed = {0};

        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Thread reader = new Thread(() -> {
                long stopAt = Long.MAX_VALUE;
                while (System.nanoTime() < stopAt && consumed[0] < total) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        String[] parts = r.value().split(" ", 4);
                        if (!parts[0].equals(run) || parts[1].equals("w")) {
                            continue;
                        }
                        int i = Integer.parseInt(parts[1]);
                        if (latencyNanos[i] < 0) {
                            latencyNanos[i] = now - Long.parseLong(parts[2]);
                            consumed[0]++;
                        }
                    }
                    if (!sending.get() && stopAt == Long.MAX_VALUE) {
                        stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    }
                }
            }, "raw-consumer");
            reader.start();

            String pad = "x".repeat(Math.max(0, size - 60));
            long period = TimeUnit.SECONDS.toNanos(1) / rate;
            long t0 = System.nanoTime();
            for (int n = 0; n < warm + total; n++) {
                long due = t0 + n * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String seq = n < warm ? "w" : Integer.toString(n - warm);
                producer.send(new ProducerRecord<>(TOPIC, "k" + (n % 12), run + " " + seq + " " + System.nanoTime() + " " + pad));
            }
            producer.flush();
            sending.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(70));
        }

        long[] seen = Arrays.stream(latencyNanos).filter(v -> v >= 0).sorted().toArray();
        System.out.println(String.format(
                Locale.ROOT,
                "{\"rate\":%d,\"seconds\":%d,\"size\":%d,\"sent\":%d,\"consumed\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}",
                rate, seconds, size, total, seen.length, ms(seen, 50), ms(seen, 99),
                seen.length == 0 ? Double.NaN : seen[seen.length - 1] / 1e6));
    }

    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
