package io.leadpulse.lead.accounts;

import io.leadpulse.lead.LeadSettings;
import io.leadpulse.platform.web.security.Role;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo organisations and logins of the one-machine run (ARCHITECTURE.md): "Demo Co", the team
 * a demo works as, and "Rival Co", a second tenant, so that what one organisation must never see of
 * another can be shown and attacked with real logins (the attack e2e does). Idempotent: a second
 * start finds them and changes nothing. Off unless {@code lead.seed-demo} is true.
 */
@Component
class DemoSeed implements ApplicationRunner {

    static final String DEMO_ORG = "Demo Co";
    static final String RIVAL_ORG = "Rival Co";
    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    private final LeadSettings settings;
    private final UserRepository users;
    private final UserService userService;
    private final TransactionTemplate transactions;

    DemoSeed(LeadSettings settings, UserRepository users, UserService userService, TransactionTemplate transactions) {
        this.settings = settings;
        this.users = users;
        this.userService = userService;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.seedDemo()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            UUID org = users.findOrgByName(DEMO_ORG).orElseGet(() -> users.createOrg(DEMO_ORG));
            int created = 0;
            created += seed(org, "admin@demo.test", "demo-admin", "Dana Admin", Role.ADMIN);
            created += seed(org, "rep1@demo.test", "demo-rep", "Riley Rep", Role.REP);
            created += seed(org, "rep2@demo.test", "demo-rep", "Sam Rep", Role.REP);
            UUID rival = users.findOrgByName(RIVAL_ORG).orElseGet(() -> users.createOrg(RIVAL_ORG));
            created += seed(rival, "admin@rival.test", "demo-admin", "Robin Rival", Role.ADMIN);
            created += seed(rival, "rep@rival.test", "demo-rep", "Remy Rival", Role.REP);
            log.info("demo organisations ready: org={} rivalOrg={} usersCreated={}", org, rival, created);
        });
    }

    private int seed(UUID org, String email, String password, String name, Role role) {
        if (users.findCredentials(email).isPresent()) {
            return 0;
        }
        return userService.seed(org, email, password, name, role).isPresent() ? 1 : 0;
    }
}
