package io.leadpulse.billing.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.billing.BillingServiceTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectAccountTest extends BillingServiceTestSupport {

    private static Map<String, Object> account(String id, UUID org, UUID owner, boolean charges, List<String> due) {
        return Map.of(
                "id",
                id,
                "object",
                "account",
                "charges_enabled",
                charges,
                "payouts_enabled",
                charges,
                "details_submitted",
                true,
                "metadata",
                Map.of("org_id", org.toString(), "user_id", owner.toString()),
                "requirements",
                Map.of("currently_due", due));
    }

    @Test
    void theAccountsStatusIsKeptAndPushedToItsOwnerNewestFirst() {
        UUID org = knownOrg();
        UUID owner = UUID.randomUUID();
        String acct = stripeId("acct");
        long t = clock().instant().getEpochSecond();
        String enabled = stripeId("evt");
        String older = stripeId("evt");

        deliverOk(event(enabled, "account.updated", t + 10, account(acct, org, owner, true, List.of())));
        assertThat(awaitFinalStatus(enabled)).isEqualTo("processed");
        deliverOk(event(older, "account.updated", t, account(acct, org, owner, false, List.of("external_account"))));
        assertThat(awaitFinalStatus(older)).isEqualTo("processed");

        assertThat(jdbc.sql(
                                "select charges_enabled, requirements_due, owner_user_id from connect_account where account_id = ?")
                        .param(acct)
                        .query()
                        .singleRow())
                .containsEntry("charges_enabled", true)
                .containsEntry("requirements_due", 0)
                .containsEntry("owner_user_id", owner);
        List<String> pushes = jdbc.sql("""
                        select payload->'channels'->>0 from outbox
                        where type = 'realtime.message' and payload->>'event' = 'billing.connect_account_updated'
                          and payload->'data'->>'accountId' = ?
                        """).param(acct).query(String.class).list();
        assertThat(pushes).containsExactly("private-user-" + owner);
    }

    @Test
    void anAccountOfAnUnknownOrganisationIsUnmatched() {
        String id = stripeId("evt");
        deliverOk(event(
                id,
                "account.updated",
                account(stripeId("acct"), UUID.randomUUID(), UUID.randomUUID(), true, List.of())));

        assertThat(awaitFinalStatus(id)).isEqualTo("unmatched");
    }
}
