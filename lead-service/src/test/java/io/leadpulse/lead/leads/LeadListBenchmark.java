package io.leadpulse.lead.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.test.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Lead list latency through the API on a large organisation. Not part of the suite (the name does
 * not end in Test); run with {@code mvn verify -f lead-service/pom.xml -Dtest=LeadListBenchmark
 * -Dbench.leads=200000}. Prints median and p95 per query; asserts the answers are right.
 */
class LeadListBenchmark extends LeadServiceTestSupport {

    private static final Logger log = LoggerFactory.getLogger(LeadListBenchmark.class);

    @Test
    void listQueriesOnALargeOrganisation() {
        int n = Integer.getInteger("bench.leads", 200_000);
        TestTeam team = TestTeam.create(jdbc);
        TestTeam neighbour = TestTeam.create(jdbc);
        long insertStart = System.nanoTime();
        seed(team, n);
        seed(neighbour, n / 2);
        jdbc.sql("analyze lead").update();
        long insertMs = (System.nanoTime() - insertStart) / 1_000_000;

        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("newest 50", "limit=50");
        queries.put("q=lovelace (1 in 5 match)", "q=lovelace&limit=50");
        queries.put("q=lead12345@ (1 match)", "q=" + enc("lead12345@") + "&limit=50");
        queries.put("q=(415) 000 12 (phone digits)", "q=" + enc("(415) 000 12") + "&limit=50");
        queries.put("tag=vip sort=engagementScore,desc", "tag=vip&sort=engagementScore,desc&limit=50");
        queries.put("status=WON minScore=50", "status=WON&minScore=50&limit=50");
        queries.put("sort=lastName", "sort=lastName&limit=50");
        queries.put("unassigned=true", "unassigned=true&limit=50");
        StringBuilder report = new StringBuilder("\nlead list benchmark: " + n + " leads in the org (+" + n / 2
                + " in another), seeded in " + insertMs + " ms\n");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            report.append(String.format("%-40s %s%n", query.getKey(), time(team.admin(), query.getValue())));
        }
        report.append(String.format("%-40s %s%n", "REP newest 50", time(team.rep1(), "limit=50")));
        // Page 20 pages deep by cursor: the 20th page costs what the first does (keyset, no offset).
        String cursor = null;
        List<Long> pageMs = new ArrayList<>();
        for (int page = 0; page < 20; page++) {
            long start = System.nanoTime();
            ApiClient.Response response = api().get(
                            "/api/leads?tag=vip&sort=engagementScore,desc&limit=50"
                                    + (cursor == null ? "" : "&cursor=" + enc(cursor)),
                            team.admin());
            pageMs.add((System.nanoTime() - start) / 1_000);
            assertThat(response.status()).isEqualTo(200);
            cursor = response.json().get("nextCursor").asString();
        }
        report.append(String.format(
                "%-40s first %d µs, 20th %d µs%n",
                "cursor pages (tag=vip by score)", pageMs.getFirst(), pageMs.getLast()));
        log.info(report.toString());
        System.out.println(report);

        JsonNode one =
                api().get("/api/leads?q=" + enc("lead12345@"), team.admin()).json();
        assertThat(one.get("items").size()).isEqualTo(1);
    }

    private String time(String token, String query) {
        for (int i = 0; i < 3; i++) {
            assertThat(api().get("/api/leads?" + query, token).status()).isEqualTo(200);
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            ApiClient.Response response = api().get("/api/leads?" + query, token);
            micros.add((System.nanoTime() - start) / 1_000);
            assertThat(response.status()).isEqualTo(200);
        }
        Collections.sort(micros);
        return "median " + micros.get(10) / 1000.0 + " ms, p95 " + micros.get(18) / 1000.0 + " ms";
    }

    private void seed(TestTeam team, int n) {
        jdbc.sql("""
                        insert into lead (id, org_id, first_name, last_name, email, phone, company, status, assignee_id,
                                          tags, source, created_at, updated_at, engagement_score)
                        select gen_random_uuid(), :org, 'First' || g,
                               (array['Smith', 'Jones', 'Lovelace', 'Hopper', 'Turing'])[1 + g % 5] || (g % 1000),
                               'lead' || g || '@' || :org || '.test', '+1415' || lpad(g::text, 7, '0'),
                               'Company ' || (g % 5000),
                               (array['NEW', 'CONTACTED', 'REPLIED', 'WON', 'LOST'])[1 + g % 5],
                               case when g % 4 = 0 then null when g % 2 = 0 then :rep else :admin end,
                               case when g % 10 = 0 then array['vip'] else array['cold'] end, 'bench',
                               now() - g * interval '1 second', now(), (g % 1000) / 10.0
                        from generate_series(1, :n) g
                        """)
                .param("org", team.orgId())
                .param("rep", team.rep1Id())
                .param("admin", team.adminId())
                .param("n", n)
                .update();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
