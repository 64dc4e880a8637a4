package io.leadpulse.lead.accounts;

import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import io.leadpulse.platform.web.security.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of an organisation: anyone in it may list them; an ADMIN adds users and changes their
 * name, role and active flag. Every change is written with its {@code user.*} event (other services
 * keep their own list of who to notify and who is an admin) and a realtime message to the org
 * channel, in one transaction. An organisation always keeps at least one active admin.
 */
@Service
public class UserService {

    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Outbox outbox;

    UserService(UserRepository users, PasswordEncoder passwords, Outbox outbox) {
        this.users = users;
        this.passwords = passwords;
        this.outbox = outbox;
    }

    /** The email belongs to a user already (in any organisation: login is by email). */
    public static final class EmailTaken extends RuntimeException {
        EmailTaken() {
            super("a user with this email already exists");
        }
    }

    /** What a new user needs; the password is the first one, which the user should change. */
    public record NewUser(String email, String name, Role role, String password) {}

    /** A change; null fields stay as they are. */
    public record UserChange(String name, Role role, Boolean active) {}

    public List<User> list(CurrentUser caller) {
        return users.listOrg(caller.orgId());
    }

    @Transactional
    public User create(CurrentUser caller, NewUser request) {
        requireAdmin(caller);
        User user = users.insert(
                        caller.orgId(),
                        request.email(),
                        passwords.encode(request.password()),
                        request.name(),
                        request.role())
                .orElseThrow(EmailTaken::new);
        announceCreated(user);
        log.info("user created: user={} org={} role={} by={}", user.id(), user.orgId(), user.role(), caller.id());
        return user;
    }

    @Transactional
    public User update(CurrentUser caller, UUID userId, UserChange change) {
        requireAdmin(caller);
        // Admins first, then the user: the same order as every other change, so no deadlock.
        int activeAdmins = users.lockActiveAdmins(caller.orgId());
        User current = users.lockInOrg(caller.orgId(), userId).orElseThrow(() -> ApiProblem.notFound("user"));
        User next = new User(
                current.id(),
                current.orgId(),
                current.email(),
                change.name() == null ? current.name() : change.name(),
                change.role() == null ? current.role() : change.role(),
                change.active() == null ? current.active() : change.active());
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(current.name(), next.name())) {
            changed.add("name");
        }
        if (current.role() != next.role()) {
            changed.add("role");
        }
        if (current.active() != next.active()) {
            changed.add("active");
        }
        if (changed.isEmpty()) {
            return current;
        }
        boolean wasActiveAdmin = current.role() == Role.ADMIN && current.active();
        boolean staysActiveAdmin = next.role() == Role.ADMIN && next.active();
        if (wasActiveAdmin && !staysActiveAdmin && activeAdmins <= 1) {
            throw ApiProblem.conflict("The organisation's last active admin cannot be demoted or deactivated");
        }
        users.update(next);
        outbox.publish(new AccountEvent.UserUpdated(
                next.orgId(),
                next.id(),
                next.name(),
                next.email(),
                next.role().name(),
                next.active(),
                changed,
                caller.id(),
                now()));
        outbox.publish(RealtimeMessage.of(next.orgId(), List.of(Channels.org(next.orgId())), "user.updated", next));
        log.info("user updated: user={} org={} changed={} by={}", next.id(), next.orgId(), changed, caller.id());
        return next;
    }

    /** Tells the other services about a user that has just been inserted, in the caller's transaction. */
    void announceCreated(User user) {
        outbox.publish(new AccountEvent.UserCreated(
                user.orgId(), user.id(), user.name(), user.email(), user.role().name(), user.active(), now()));
        outbox.publish(RealtimeMessage.of(user.orgId(), List.of(Channels.org(user.orgId())), "user.created", user));
    }

    /** For the demo seed: inserts unless the email is taken, and announces what it inserted. */
    Optional<User> seed(UUID orgId, String email, String password, String name, Role role) {
        Optional<User> user = users.insert(orgId, email, passwords.encode(password), name, role);
        user.ifPresent(this::announceCreated);
        return user;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireAdmin(CurrentUser caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Only an ADMIN manages the organisation's users");
        }
    }
}
