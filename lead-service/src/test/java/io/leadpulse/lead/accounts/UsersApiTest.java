package io.leadpulse.lead.accounts;

import static io.leadpulse.lead.TestTeam.awaitEvent;
import static io.leadpulse.lead.TestTeam.awaitRealtime;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET, POST and PATCH /api/users: who may, what is refused, and the user.* events other services rely on. */
class UsersApiTest extends LeadServiceTestSupport {

    private static final EventCodec CODEC = new EventCodec();
    private TestTeam team;
    private TopicProbe probe;

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
        probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void anAdminAddsARepWhoCanLogInAndEveryoneInTheOrganisationSeesIt() {
        String email = "New.Rep." + UUID.randomUUID() + "@Team.test";

        ApiClient.Response created = api().postJson("/api/users", team.admin(), user(email, "REP"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(created.json().has("passwordHash")).isFalse();
        AccountEvent.UserCreated event = (AccountEvent.UserCreated)
                CODEC.decode(awaitEvent(probe, "user.created", id)).orElseThrow();
        assertThat(event.orgId()).isEqualTo(team.orgId());
        assertThat(event.role()).isEqualTo("REP");
        assertThat(awaitRealtime(probe, "user.created", id).channels()).containsExactly("private-org-" + team.orgId());

        ApiClient.Response login =
                api().postJson("/api/auth/login", null, Map.of("email", email, "password", "a-long-first-password"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(ids(api().get("/api/users", team.rep1())))
                .contains(id, team.adminId().toString());
        TestTeam other = TestTeam.create(jdbc);
        assertThat(ids(api().get("/api/users", other.admin()))).doesNotContain(id);
    }

    @Test
    void badInputAndARepAreRefusedAndNothingIsStored() {
        String email = "dup." + UUID.randomUUID() + "@team.test";
        assertThat(api().postJson("/api/users", team.admin(), user(email, "REP"))
                        .status())
                .isEqualTo(201);

        assertProblem(api().postJson("/api/users", team.admin(), user(email.toUpperCase(), "ADMIN")), 409, "email");
        assertProblem(api().postJson("/api/users", team.admin(), user("not-an-email", "REP")), 400, "email");
        Map<String, Object> shortPassword = user("short." + UUID.randomUUID() + "@team.test", "REP");
        shortPassword.put("password", "short");
        assertProblem(api().postJson("/api/users", team.admin(), shortPassword), 400, "password");
        Map<String, Object> noRole = user("norole." + UUID.randomUUID() + "@team.test", "REP");
        noRole.remove("role");
        assertProblem(api().postJson("/api/users", team.admin(), noRole), 400, "role");
        String byRep = "by.rep." + UUID.randomUUID() + "@team.test";
        assertThat(api().postJson("/api/users", team.rep1(), user(byRep, "ADMIN"))
                        .status())
                .isEqualTo(403);

        assertThat(jdbc.sql("select count(*) from app_user where org_id = ?")
                        .param(team.orgId())
                        .query(Long.class)
                        .single())
                .as("the team's three users and the one created")
                .isEqualTo(4);
    }

    @Test
    void anAdminDeactivatesARepWhoCanNoLongerLogInButNeverTheLastAdmin() {
        String email = "leaving." + UUID.randomUUID() + "@team.test";
        String id = api().postJson("/api/users", team.admin(), user(email, "REP"))
                .json()
                .get("id")
                .asString();

        ApiClient.Response deactivated =
                TestTeam.patch(api(), "/api/users/" + id, team.admin(), Map.of("active", false));

        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        AccountEvent.UserUpdated event = (AccountEvent.UserUpdated)
                CODEC.decode(awaitEvent(probe, "user.updated", id)).orElseThrow();
        assertThat(event.changedFields()).containsExactly("active");
        assertThat(event.active()).isFalse();
        assertThat(api().postJson("/api/auth/login", null, Map.of("email", email, "password", "a-long-first-password"))
                        .status())
                .isEqualTo(401);

        String admin = team.adminId().toString();
        assertProblem(TestTeam.patch(api(), "/api/users/" + admin, team.admin(), Map.of("role", "REP")), 409, null);
        assertProblem(TestTeam.patch(api(), "/api/users/" + admin, team.admin(), Map.of("active", false)), 409, null);
        assertThat(jdbc.sql("select role from app_user where id = ?")
                        .param(team.adminId())
                        .query(String.class)
                        .single())
                .isEqualTo("ADMIN");

        TestTeam.patch(api(), "/api/users/" + team.rep1Id(), team.admin(), Map.of("role", "ADMIN"));
        assertThat(TestTeam.patch(api(), "/api/users/" + admin, team.admin(), Map.of("role", "REP"))
                        .status())
                .as("with a second admin, the first may step down")
                .isEqualTo(200);
    }

    @Test
    void onlyAnAdminOfTheSameOrganisationChangesAUser() {
        TestTeam other = TestTeam.create(jdbc);
        String rep2 = "/api/users/" + team.rep2Id();

        assertThat(TestTeam.patch(api(), rep2, other.admin(), Map.of("name", "Spy"))
                        .status())
                .isEqualTo(404);
        assertThat(TestTeam.patch(api(), rep2, team.rep1(), Map.of("name", "Peer"))
                        .status())
                .isEqualTo(403);
        assertProblem(TestTeam.patch(api(), rep2, team.admin(), Map.of("name", "")), 400, "name");
        ApiClient.Response same = TestTeam.patch(api(), rep2, team.admin(), Map.of());

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("name").asString()).isEqualTo("REP " + team.rep2Id());
        TestTeam.patch(api(), rep2, team.admin(), Map.of("name", "Renamed"));
        awaitEvent(probe, "user.updated", team.rep2Id().toString());
        // Same key, same partition: the rename's event came after anything the no-op could have sent.
        assertThat(TestTeam.count(
                        probe, Topics.LEAD_EVENTS, "user.updated", team.rep2Id().toString()))
                .as("nothing changed, nothing announced: only the rename")
                .isEqualTo(1);
    }

    private static Map<String, Object> user(String email, String role) {
        Map<String, Object> user = new HashMap<>();
        user.put("email", email);
        user.put("name", "Nia New");
        user.put("role", role);
        user.put("password", "a-long-first-password");
        return user;
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .map(user -> user.get("id").asString())
                .toList();
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.contentType()).isTrue();
        if (field != null) {
            JsonNode errors = response.json().get("errors");
            assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
        }
    }
}
