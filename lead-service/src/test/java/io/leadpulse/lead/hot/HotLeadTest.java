package io.leadpulse.lead.hot;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.preview.PreviewTestSupport;
import io.leadpulse.lead.settings.OrgSettings;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TopicProbe;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotLeadTest extends PreviewTestSupport {

    @Autowired
    private OrgSettingsRepository orgSettings;

    private final EventCodec codec = new EventCodec();
    private Org org;

    @BeforeAll
    void organisation() {
        org = newOrg();
    }

    @Test
    void theThirdViewWithinTheWindowMakesTheLeadHotAtOnceAndPutsItInTheCallQueue() {
        CreatedLead lead = createLead(org.admin(), "Margaret", "Apollo", org.rep1Id());
        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES)) {
            view(lead.previewToken());
            view(lead.previewToken());
            assertThat(leadRow(lead.id()).get("status")).isEqualTo("NEW");
            assertThat(queued(lead.id())).isZero();

            assertThat(view(lead.previewToken()).status()).isEqualTo(204);

            Map<String, Object> row = leadRow(lead.id());
            assertThat(row.get("status")).isEqualTo("HOT");
            assertThat(row.get("became_hot_at")).isNotNull();
            assertThat(queued(lead.id())).isEqualTo(1);

            ConsumerRecord<String, String> hot = probe.await(
                    Topics.LEAD_EVENTS,
                    r -> r.key().equals(lead.id().toString())
                            && "lead.became_hot".equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)));
            LeadEvent.LeadBecameHot becameHot = (LeadEvent.LeadBecameHot)
                    codec.decode(codec.readEnvelope(hot.value())).orElseThrow();
            assertThat(becameHot.views()).isEqualTo(3);
            assertThat(becameHot.windowMinutes()).isEqualTo(10);
            assertThat(becameHot.assigneeId()).isEqualTo(org.rep1Id());

            ConsumerRecord<String, String> status = probe.await(
                    Topics.LEAD_EVENTS,
                    r -> r.key().equals(lead.id().toString())
                            && "lead.status_changed".equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)));
            LeadEvent.LeadStatusChanged changed = (LeadEvent.LeadStatusChanged)
                    codec.decode(codec.readEnvelope(status.value())).orElseThrow();
            assertThat(changed.from()).isEqualTo("NEW");
            assertThat(changed.to()).isEqualTo("HOT");
            assertThat(changed.changedBy()).isNull();
            assertThat(changed.reason()).isEqualTo("preview views");

            RealtimeMessage pushed = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"lead.became_hot\"")
                                            && r.value().contains(lead.id().toString()))
                            .value(),
                    RealtimeMessage.class);
            assertThat(pushed.channels())
                    .contains("private-lead-" + lead.id(), "private-user-" + org.rep1Id())
                    .noneMatch(channel -> channel.startsWith("private-org-"));
            RealtimeMessage queue = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"call_queue.updated\"")
                                            && r.value().contains(lead.id().toString()))
                            .value(),
                    RealtimeMessage.class);
            assertThat(queue.channels()).contains("private-user-" + org.rep1Id());
        }
        assertThat(jdbc.sql("select count(*) from lead_activity where lead_id = ? and type = 'lead.status_changed'")
                        .param(lead.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        view(lead.previewToken());
        assertThat(outboxCount(lead.id(), "lead.became_hot"))
                .as("a hot lead does not turn hot again")
                .isEqualTo(1);
    }

    @Test
    void viewsOutsideTheWindowDoNotCount() {
        CreatedLead lead = createLead(org.admin(), "Katherine", "Langley", null);
        Instant old = Instant.now().minus(Duration.ofMinutes(11));
        for (int i = 0; i < 2; i++) {
            jdbc.sql("""
                            insert into preview_event (id, org_id, lead_id, type, occurred_at)
                            values (?, ?, ?, 'VIEW', ?)
                            """)
                    .params(UUID.randomUUID(), org.id(), lead.id(), Timestamp.from(old.plusSeconds(i)))
                    .update();
        }
        jdbc.sql("update lead set views = 2 where id = ?").param(lead.id()).update();

        view(lead.previewToken());
        view(lead.previewToken());

        Map<String, Object> row = leadRow(lead.id());
        assertThat(row.get("views")).isEqualTo(4);
        assertThat(row.get("status")).isEqualTo("NEW");
        assertThat(queued(lead.id())).isZero();

        view(lead.previewToken());
        assertThat(leadRow(lead.id()).get("status"))
                .as("three within the window now")
                .isEqualTo("HOT");
    }

    @Test
    void theOrganisationsThresholdIsRespected() {
        Org strict = newOrg();
        OrgSettings defaults = orgSettings.find(strict.id());
        orgSettings.save(
                new OrgSettings(
                        strict.id(),
                        defaults.profile(),
                        5,
                        60,
                        defaults.quietHoursStart(),
                        defaults.quietHoursEnd(),
                        defaults.timezone(),
                        defaults.phoneRegion(),
                        defaults.monthlyTargets(),
                        defaults.version()),
                defaults.version());
        CreatedLead lead = createLead(strict.admin(), "Hedy", "Lamarr", null);

        for (int i = 0; i < 4; i++) {
            view(lead.previewToken());
        }
        assertThat(leadRow(lead.id()).get("status")).isEqualTo("NEW");
        view(lead.previewToken());
        assertThat(leadRow(lead.id()).get("status")).isEqualTo("HOT");
    }

    @Test
    void aLostOrWonLeadDoesNotTurnHot() {
        for (String status : List.of("LOST", "WON", "PAID")) {
            CreatedLead lead = createLead(org.admin(), "Closed", status, null);
            jdbc.sql("update lead set status = ? where id = ?")
                    .params(status, lead.id())
                    .update();

            for (int i = 0; i < 4; i++) {
                view(lead.previewToken());
            }

            Map<String, Object> row = leadRow(lead.id());
            assertThat(row.get("status")).isEqualTo(status);
            assertThat(row.get("views")).isEqualTo(4);
            assertThat(row.get("became_hot_at")).isNull();
            assertThat(queued(lead.id())).isZero();
            assertThat(outboxCount(lead.id(), "lead.became_hot")).isZero();
        }
    }

    @Test
    void simultaneousThirdViewsMakeTheLeadHotExactlyOnce() throws Exception {
        CreatedLead lead = createLead(org.admin(), "Frances", "Allen", null);
        view(lead.previewToken());
        view(lead.previewToken());
        int racers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<Integer> racer = () -> {
                    start.await();
                    return view(lead.previewToken()).status();
                };
                results.add(pool.submit(racer));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> row = leadRow(lead.id());
        assertThat(row.get("views")).isEqualTo(2 + racers);
        assertThat(row.get("status")).isEqualTo("HOT");
        assertThat(outboxCount(lead.id(), "lead.became_hot")).isEqualTo(1);
        assertThat(outboxCount(lead.id(), "lead.status_changed")).isEqualTo(1);
        assertThat(queued(lead.id())).isEqualTo(1);
    }

    @Test
    void aLeadARepMovedOnNeedsFreshViewsToTurnHotAgain() {
        CreatedLead lead = createLead(org.admin(), "Radia", "Perlman", null);
        for (int i = 0; i < 3; i++) {
            view(lead.previewToken());
        }
        assertThat(leadRow(lead.id()).get("status")).isEqualTo("HOT");
        jdbc.sql("update lead set status = 'CONTACTED' where id = ?")
                .param(lead.id())
                .update();
        jdbc.sql("delete from call_queue_entry where lead_id = ?")
                .param(lead.id())
                .update();

        view(lead.previewToken());
        view(lead.previewToken());
        assertThat(leadRow(lead.id()).get("status")).isEqualTo("CONTACTED");
        view(lead.previewToken());

        assertThat(leadRow(lead.id()).get("status")).isEqualTo("HOT");
        assertThat(outboxCount(lead.id(), "lead.became_hot")).isEqualTo(2);
        assertThat(queued(lead.id())).isEqualTo(1);
    }

    private long queued(UUID leadId) {
        return jdbc.sql("select count(*) from call_queue_entry where lead_id = ?")
                .param(leadId)
                .query(Long.class)
                .single();
    }

    private long outboxCount(UUID leadId, String type) {
        return jdbc.sql("select count(*) from outbox where aggregateid = ? and type = ?")
                .params(leadId.toString(), type)
                .query(Long.class)
                .single();
    }
}
