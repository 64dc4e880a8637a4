package io.leadpulse.messaging.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's answer to a send is recorded after the call returns, in its own transaction; a bounce report can be
 * applied in between (the SMTP server bounced at once, the mailbox was read during the call). The answer must be
 * recorded against the row as it is then, not as it was claimed: UNDELIVERED is final and SENT must not replace it.
 * The interleaving is forced here: the message is sent for real, the bounce applied, and then the provider's answer
 * recorded once more for the message as it was when claimed (QUEUED).
 */
class ProviderAnswerAfterBounceTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Autowired
    SendQueue sendQueue;

    @Autowired
    MessageService messageService;

    @Autowired
    List<MessageProvider> providers;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anAnswerArrivingAfterABounceLeavesTheMessageUndelivered() {
        UUID lead = createLead(org, rep, phone());
        ApiClient.Response queued = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", "EMAIL", "subject", "Your quote", "body", "Here it is."));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        UUID id = UUID.fromString(queued.json().get("id").asString());
        await().until(() -> "SENT".equals(status(id)));

        Message sent = transactions.execute(tx -> messageService.lock(id)).orElseThrow();
        Message asClaimed = sent.withStatus(MessageStatus.QUEUED, null, null, sent.statusAt());
        boolean bounced = transactions.execute(tx -> messageService.undelivered(
                messageService.lock(id).orElseThrow(), "hard bounce 5.1.1", clock.instant()));
        assertThat(bounced).isTrue();
        assertThat(status(id)).isEqualTo("UNDELIVERED");

        MessageProvider smtp = providers.stream()
                .filter(p -> p.handles(Channel.EMAIL))
                .findFirst()
                .orElseThrow();
        transactions.executeWithoutResult(tx -> sendQueue.accepted(
                asClaimed, new MessageProvider.Accepted(sent.providerSid(), "sent"), smtp, clock.instant()));

        ApiClient.Response after = api().get("/api/messages/" + id, token(rep, org, "REP"));
        assertThat(after.json().get("status").asString()).isEqualTo("UNDELIVERED");
        assertThat(after.json().get("providerSid").asString()).isEqualTo(sent.providerSid());
    }

    private String status(UUID id) {
        return api().get("/api/messages/" + id, token(rep, org, "REP"))
                .json()
                .get("status")
                .asString();
    }
}
