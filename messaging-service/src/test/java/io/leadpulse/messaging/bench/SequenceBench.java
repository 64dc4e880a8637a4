package io.leadpulse.messaging.bench;

import io.leadpulse.messaging.MessagingServiceApplication;
import io.leadpulse.platform.test.BenchMain;
import io.leadpulse.platform.test.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sequence throughput (issue 4): {@code --leads} leads (default 100,000) enrolled in a two-step
 * sequence, every first step due at once. Measures how many due steps per second the real
 * sequence worker (the scheduled {@code SequenceRunner}: claim with {@code FOR UPDATE SKIP
 * LOCKED}, render, queue the message with its outbox events, move the enrolment on) handles until
 * every enrolment has moved to step 2, and prints the claim query's plan with every row due. The
 * send worker is paused (the bench measures steps to queued messages, not Twilio's 1 msg/s).
 * Starts messaging-service in this JVM against embedded PostgreSQL and Kafka on free ports; not a
 * test: {@code bench/sequences/run.sh [--leads N] [--batch-size N] [--workers N]}.
 */
public final class SequenceBench {

    private SequenceBench() {}

    public static void main(String[] args) {
        BenchMain.run(args, SequenceBench::bench);
    }

    private static int bench(Map<String, String> options) throws Exception {
        int leads = Integer.parseInt(options.getOrDefault("leads", "100000"));
        String batchSize = options.getOrDefault("batch-size", "200");
        String workers = options.getOrDefault("workers", "4");

        Map<String, Object> properties = new HashMap<>();
        properties.put("messaging.twilio.account-sid", "");
        properties.put("messaging.sequences.poll-interval", "50ms");
        properties.put("messaging.sequences.batch-size", batchSize);
        properties.put("messaging.sequences.workers", workers);
        // Steps to queued messages only: the send worker (1 msg/s per number) waits.
        properties.put("messaging.sending.poll-interval", "1h");
        ConfigurableApplicationContext app = BenchMain.startService(MessagingServiceApplication.class, properties);
        TestInfrastructure infra = TestInfrastructure.get();
        try {
            return run(app, leads, Integer.parseInt(batchSize), Integer.parseInt(workers));
        } finally {
            app.close();
        }
    }

    private static int run(ConfigurableApplicationContext app, int leads, int batchSize, int workers) throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        UUID org = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        UUID sequence = UUID.randomUUID();
        Instant now = Instant.now();
        Instant later = now.plusSeconds(365L * 24 * 3600);

        long seedStart = System.nanoTime();
        jdbc.sql("""
                        insert into lead_contact (lead_id, org_id, first_name, last_name, email, phone, company, status,
                                                  source, created_at, updated_at)
                        select gen_random_uuid(), ?, 'Ada' || i, 'Lovelace', 'ada' || i || '@bench.test',
                               '+1212' || lpad(i::text, 7, '0'), 'Engines ' || i, 'NEW', 'import', ?, ?
                        from generate_series(1, ?) i
                        """)
                .params(org, Timestamp.from(now), Timestamp.from(now), leads)
                .update();
        jdbc.sql("insert into sequence (id, org_id, name, created_by, created_at) values (?, ?, 'Bench', ?, ?)")
                .params(sequence, org, admin, Timestamp.from(now))
                .update();
        jdbc.sql("""
                        insert into sequence_step (sequence_id, position, channel, delay_seconds, template, allowed_days,
                                                   allowed_from, allowed_until)
                        values (?, 1, 'SMS', 0, 'Hi {{firstName}}, a question about {{company}}', ?, '00:00', '23:59'),
                               (?, 2, 'SMS', 86400, 'Still interested, {{firstName}}?', ?, '00:00', '23:59')
                        """).params(sequence, ALL_DAYS, sequence, ALL_DAYS).update();
        // Enrolled but not due yet: the plan below is taken with every row due at once.
        jdbc.sql("""
                        insert into enrolment (id, org_id, sequence_id, lead_id, status, next_step, due_at, enrolled_by,
                                               enrolled_at, updated_at)
                        select gen_random_uuid(), org_id, ?, lead_id, 'ACTIVE', 1, ?, ?, ?, ?
                        from lead_contact where org_id = ?
                        """)
                .params(sequence, Timestamp.from(later), admin, Timestamp.from(now), Timestamp.from(now), org)
                .update();
        jdbc.sql("analyze").update();
        System.out.printf("seeded %d leads and enrolments in %.1f s%n", leads, (System.nanoTime() - seedStart) / 1e9);

        // The claim query exactly as SequenceRepository.lockDue runs it, every row due; rolled back.
        Instant probe = later.plusSeconds(1);
        List<String> plan = tx.execute(status -> {
            status.setRollbackOnly();
            return jdbc.sql("explain (analyze, buffers) select * from enrolment where status = 'ACTIVE' and due_at <= ?"
                            + " order by due_at limit ? for update skip locked")
                    .params(Timestamp.from(probe), batchSize)
                    .query(String.class)
                    .list();
        });
        System.out.println("claim query plan (" + leads + " due):");
        plan.forEach(line -> System.out.println("  " + line));

        long start = System.nanoTime();
        jdbc.sql("update enrolment set due_at = ? where sequence_id = ?")
                .params(Timestamp.from(Instant.now()), sequence)
                .update();
        long done = 0;
        long lastPrint = start;
        long deadline = start + 30L * 60 * 1_000_000_000L;
        while (done < leads && System.nanoTime() < deadline) {
            Thread.sleep(500);
            done = jdbc.sql("select count(*) from enrolment where sequence_id = ? and next_step = 2")
                    .param(sequence)
                    .query(Long.class)
                    .single();
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf("  %d / %d steps after %.0f s%n", done, leads, (lastPrint - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long queued = jdbc.sql("select count(*) from message where org_id = ? and status = 'queued'")
                .param(org)
                .query(Long.class)
                .single();
        long outbox = jdbc.sql("select count(*) from outbox").query(Long.class).single();
        long unpublished = jdbc.sql("select count(*) from outbox where published_at is null")
                .query(Long.class)
                .single();
        System.out.printf(
                "sequence steps: %d of %d handled in %.1f s = %.0f steps/s (batch %d, %d workers); %d messages queued;"
                        + " %d outbox rows (%d not yet on Kafka)%n",
                done, leads, seconds, done / seconds, batchSize, workers, queued, outbox, unpublished);
        System.out.println(
                "load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
        return done == leads && queued == leads ? 0 : 2;
    }

    private static final String ALL_DAYS = "FRIDAY,MONDAY,SATURDAY,SUNDAY,THURSDAY,TUESDAY,WEDNESDAY";
}
