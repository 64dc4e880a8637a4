package io.leadpulse.lead.leads;

import static io.leadpulse.lead.leads.LeadChangesApiTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.test.ApiClient;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** GET /api/leads: filters, sorts and cursor pages. */
class LeadListApiTest extends LeadServiceTestSupport {

    @Autowired
    private TransactionTemplate transactions;

    private TestTeam team;

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
    }

    /** A lead as the tests see it: what the expected order is computed from. */
    private record Row(UUID id, String lastName, BigDecimal score, Instant createdAt, boolean vip) {}

    @Test
    void pagingThroughAFilteredSortedListSeesEveryMatchExactlyOnceInOrderEvenWithEqualKeys() {
        List<Row> rows = new ArrayList<>();
        Instant sameTime = Instant.parse("2026-01-01T10:00:00Z");
        String[] lastNames = {"Berg", "berg", "Adams", null, "Cole", "Adams", "Berg"};
        for (int i = 0; i < 17; i++) {
            boolean vip = i % 4 != 3;
            Map<String, Object> body = body("page" + i);
            String lastName = lastNames[i % lastNames.length];
            body.put("lastName", lastName);
            body.put("tags", vip ? List.of("vip", "q" + (i % 2)) : List.of("cold"));
            UUID id = UUID.fromString(TestTeam.lead(api(), team.admin(), body));
            BigDecimal score = new BigDecimal(i % 3 == 0 ? "5.00" : (i % 3 == 1 ? "2.50" : "0.00"));
            // Many equal sort keys: three scores, seven names, one creation time for most leads.
            Instant created = i < 12 ? sameTime : sameTime.plusSeconds(i);
            jdbc.sql("update lead set engagement_score = ?, created_at = ? where id = ?")
                    .params(score, java.sql.Timestamp.from(created), id)
                    .update();
            rows.add(new Row(id, lastName, score, created, vip));
        }
        List<Row> vips = rows.stream().filter(Row::vip).toList();
        // PostgreSQL orders uuids by their bytes, as their hex text sorts (java.util.UUID does not).
        Comparator<UUID> byId = Comparator.comparing(UUID::toString);

        List<UUID> byScore = vips.stream()
                .sorted(Comparator.comparing(Row::score)
                        .thenComparing(Row::id, byId)
                        .reversed())
                .map(Row::id)
                .toList();
        assertThat(pageThrough("tag=vip&sort=engagementScore,desc", 4)).containsExactlyElementsOf(byScore);

        List<UUID> byName = vips.stream()
                .sorted(Comparator.comparing((Row r) ->
                                r.lastName() == null ? "" : r.lastName().toLowerCase(Locale.ROOT))
                        .thenComparing(Row::id, byId))
                .map(Row::id)
                .toList();
        assertThat(pageThrough("tag=vip&sort=lastName", 3)).containsExactlyElementsOf(byName);

        List<UUID> byCreated = vips.stream()
                .sorted(Comparator.comparing(Row::createdAt)
                        .thenComparing(Row::id, byId)
                        .reversed())
                .map(Row::id)
                .toList();
        assertThat(pageThrough("tag=vip", 5)).containsExactlyElementsOf(byCreated);

        List<UUID> oldestFirstScored = rows.stream()
                .filter(r -> r.score().signum() > 0)
                .sorted(Comparator.comparing(Row::createdAt).thenComparing(Row::id, byId))
                .map(Row::id)
                .toList();
        assertThat(pageThrough("minScore=0.01&sort=createdAt,asc", 2)).containsExactlyElementsOf(oldestFirstScored);
    }

    @Test
    void filtersCombineStatusAssigneeTagsScoreAndText() {
        String ada = lead(
                "Ada",
                "Lovelace",
                "Analytical Engines",
                "ada@engines.test",
                "+1 415 555 0101",
                team.rep1Id(),
                "vip",
                "emea");
        String grace = lead("Grace", "Hopper", "Navy", "grace@navy.test", "+1 212 555 0102", team.rep2Id(), "vip");
        String alan = lead("Alan", "Turing", "Bletchley", "alan@bp.test", null, null, "emea");
        jdbc.sql("update lead set status = 'CONTACTED', engagement_score = 7.5 where id = ?::uuid")
                .param(grace)
                .update();

        assertThat(ids("status=CONTACTED")).containsExactly(grace);
        assertThat(ids("status=NEW&status=CONTACTED")).containsExactlyInAnyOrder(ada, grace, alan);
        assertThat(ids("assigneeId=" + team.rep1Id())).containsExactly(ada);
        assertThat(ids("unassigned=true")).containsExactly(alan);
        assertThat(ids("tag=vip")).containsExactlyInAnyOrder(ada, grace);
        assertThat(ids("tag=VIP&tag=emea")).containsExactly(ada);
        assertThat(ids("minScore=7&maxScore=8")).containsExactly(grace);
        assertThat(ids("maxScore=1")).containsExactlyInAnyOrder(ada, alan);
        assertThat(ids("q=LOVE")).containsExactly(ada);
        assertThat(ids("q=navy")).containsExactly(grace);
        assertThat(ids("q=" + enc("bp.test"))).containsExactly(alan);
        assertThat(ids("q=" + enc("(212) 555"))).containsExactly(grace);
        assertThat(ids("q=" + enc("ada lovelace"))).containsExactly(ada);
        assertThat(ids("q=" + enc("100%"))).isEmpty();
        assertThat(ids("q=a&tag=emea&status=NEW&sort=lastName")).containsExactly(ada, alan);
    }

    @Test
    void aRepListsOnlyItsOwnLeadsWhateverItAsksForAndAnotherOrganisationNone() {
        String mine = TestTeam.lead(api(), team.rep1(), body("mine"));
        String theirs = TestTeam.lead(api(), team.rep2(), body("theirs"));

        assertThat(ids(team.rep1(), "")).containsExactly(mine);
        assertThat(ids(team.rep1(), "assigneeId=" + team.rep2Id())).isEmpty();
        assertThat(ids(team.rep1(), "unassigned=true")).isEmpty();
        assertThat(ids(team.admin(), "")).containsExactlyInAnyOrder(mine, theirs);
        TestTeam other = TestTeam.create(jdbc);
        assertThat(ids(other.admin(), "")).isEmpty();
    }

    @Test
    void badListParametersNameTheParameter() {
        for (int i = 0; i < 3; i++) {
            TestTeam.lead(api(), team.admin(), body("bad" + i));
        }
        ApiClient.Response first = list(team.admin(), "limit=2");
        String cursor = first.json().get("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        char flipped = cursor.charAt(5) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 5) + flipped + cursor.substring(6);

        assertField(list(team.admin(), "cursor=" + enc(tampered)), "cursor");
        assertField(list(team.admin(), "cursor=garbage"), "cursor");
        assertField(list(team.admin(), "sort=lastName&cursor=" + enc(cursor)), "cursor");
        assertField(list(team.admin(), "sort=email"), "sort");
        assertField(list(team.admin(), "sort=createdAt,up"), "sort");
        assertField(list(team.admin(), "limit=0"), "limit");
        assertField(list(team.admin(), "limit=201"), "limit");
        assertField(list(team.admin(), "status=DONE"), "status");
        assertField(list(team.admin(), "assigneeId=nope"), "assigneeId");
        assertField(list(team.admin(), "minScore=5&maxScore=1"), "minScore");
        assertField(list(team.admin(), "minScore=-1"), "minScore");
        assertField(list(team.admin(), "unassigned=true&assigneeId=" + team.rep1Id()), "unassigned");
        assertThat(list(team.admin(), "cursor=" + enc(cursor))
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    /** The list's text filter uses the indexed expression, so the index can answer "contains". */
    @Test
    void textSearchIsServedByTheTrigramIndex() {
        String plan = transactions.execute(status -> {
            jdbc.sql("set local enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("""
                                    explain select id from lead where lower(first_name || ' ' || coalesce(last_name, '')
                                        || ' ' || coalesce(company, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))
                                        like '%lovelace%'
                                    """).query(String.class).list());
        });
        assertThat(plan).contains("lead_search");
    }

    private List<UUID> pageThrough(String query, int limit) {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page =
                    list(team.admin(), query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode items = page.json().get("items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            items.valueStream()
                    .forEach(item -> seen.add(UUID.fromString(item.get("id").asString())));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            assertThat(++pages).isLessThan(50);
        } while (cursor != null);
        return seen;
    }

    private List<String> ids(String query) {
        return ids(team.admin(), query);
    }

    private List<String> ids(String token, String query) {
        ApiClient.Response response = list(token, query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .map(n -> n.get("id").asString())
                .toList();
    }

    private ApiClient.Response list(String token, String query) {
        return api().get("/api/leads?" + query, token);
    }

    private String lead(
            String first, String last, String company, String email, String phone, UUID assignee, String... tags) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", first);
        body.put("lastName", last);
        body.put("company", company);
        body.put("email", UUID.randomUUID().toString().substring(0, 8) + "." + email);
        if (phone != null) {
            body.put("phone", phone);
        }
        if (assignee != null) {
            body.put("assigneeId", assignee.toString());
        }
        body.put("tags", List.of(tags));
        return TestTeam.lead(api(), team.admin(), body);
    }

    private static Map<String, Object> body(String prefix) {
        return LeadChangesApiTest.body(prefix);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
