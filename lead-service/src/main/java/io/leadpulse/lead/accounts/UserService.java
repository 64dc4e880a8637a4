package io.leadpulse.lead.accounts;

import io.leadpulse.lead.phones.PhoneNumbers;
import io.leadpulse.lead.settings.OrgSettingsRepository;
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
 *
 * <p>A user's mobile number (for SMS notifications) is set by an ADMIN or the user themself; the
 * consent to be texted only by the user themself (ADR 0023), recorded with when, and a new number
 * resets it. Colleagues do not see each other's numbers; the org channel is never told them.
 */
@Service
public class UserService {

    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Outbox outbox;
    private final OrgSettingsRepository orgSettings;

    UserService(UserRepository users, PasswordEncoder passwords, Outbox outbox, OrgSettingsRepository orgSettings) {
        this.users = users;
        this.passwords = passwords;
        this.outbox = outbox;
        this.orgSettings = orgSettings;
    }

    /** The email belongs to a user already (in any organisation: login is by email). */
    public static final class EmailTaken extends RuntimeException {
        EmailTaken() {
            super("a user with this email already exists");
        }
    }

    /**
     * What a new user needs; the password is the first one, which the user should change. {@code
     * phone} is optional (null or blank: none); consent is never given at creation (an admin creates
     * the user, and consent is the user's own).
     */
    public record NewUser(String email, String name, Role role, String password, String phone) {

        public NewUser(String email, String name, Role role, String password) {
            this(email, name, role, password, null);
        }
    }

    /** A change; null fields stay as they are; a blank {@code phone} removes the number. */
    public record UserChange(String name, Role role, Boolean active, String phone, Boolean smsConsent) {

        public UserChange(String name, Role role, Boolean active) {
            this(name, role, active, null, null);
        }

        boolean onlyOwnContact() {
            return name == null && role == null && active == null;
        }
    }

    /** The organisation's people; a REP sees its colleagues without their mobile numbers. */
    public List<User> list(CurrentUser caller) {
        return users.listOrg(caller.orgId()).stream()
                .map(u -> caller.isAdmin() || u.id().equals(caller.id()) ? u : u.withoutPhone())
                .toList();
    }

    /** The caller as stored (for {@code /api/me}: its number and consent). */
    public Optional<User> me(CurrentUser caller) {
        return users.findInOrg(caller.orgId(), caller.id());
    }

    @Transactional
    public User create(CurrentUser caller, NewUser request) {
        requireAdmin(caller);
        String phone = normalisePhone(caller.orgId(), request.phone());
        User user = users.insert(
                        caller.orgId(),
                        request.email(),
                        passwords.encode(request.password()),
                        request.name(),
                        request.role(),
                        phone)
                .orElseThrow(EmailTaken::new);
        announceCreated(user);
        log.info("user created: user={} org={} role={} by={}", user.id(), user.orgId(), user.role(), caller.id());
        return user;
    }

    /**
     * Changes a user. An ADMIN changes anyone of its org; a user changes its own mobile number and
     * SMS consent (and nothing else of itself without being an ADMIN). Consent is given or
     * withdrawn only by the user themself: an admin sending {@code smsConsent} is refused (403).
     */
    @Transactional
    public User update(CurrentUser caller, UUID userId, UserChange change) {
        boolean self = caller.id().equals(userId);
        if (!caller.isAdmin() && !(self && change.onlyOwnContact())) {
            throw ApiProblem.forbidden("Only an ADMIN manages the organisation's users; you may change your own phone"
                    + " number and SMS consent");
        }
        if (change.smsConsent() != null && !self) {
            throw ApiProblem.forbidden("Consent to SMS is the person's own: only they can give or withdraw it");
        }
        String requestedPhone = change.phone() == null ? null : normalisePhone(caller.orgId(), change.phone());
        // Admins first, then the user: the same order as every other change, so no deadlock.
        int activeAdmins = users.lockActiveAdmins(caller.orgId());
        User current = users.lockInOrg(caller.orgId(), userId).orElseThrow(() -> ApiProblem.notFound("user"));
        String phone = change.phone() == null ? current.phone() : requestedPhone;
        boolean phoneChanged = !Objects.equals(current.phone(), phone);
        // A new number resets consent: the person agreed to be texted at the old one.
        boolean consent = !phoneChanged && current.smsConsent();
        Instant consentAt = consent ? current.smsConsentAt() : null;
        if (change.smsConsent() != null) {
            if (change.smsConsent() && phone == null) {
                throw ApiProblem.invalidField("smsConsent", "needs a phone number to text");
            }
            if (change.smsConsent() && !consent) {
                consentAt = now();
            }
            consent = change.smsConsent();
            consentAt = consent ? consentAt : null;
        }
        User next = new User(
                current.id(),
                current.orgId(),
                current.email(),
                change.name() == null ? current.name() : change.name(),
                change.role() == null ? current.role() : change.role(),
                change.active() == null ? current.active() : change.active(),
                phone,
                consent,
                consentAt);
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
        boolean publicChange = !changed.isEmpty();
        if (phoneChanged) {
            changed.add("phone");
        }
        if (current.smsConsent() != next.smsConsent()) {
            changed.add("smsConsent");
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
                now(),
                next.phone(),
                next.smsConsent()));
        if (publicChange) {
            outbox.publish(RealtimeMessage.of(
                    next.orgId(), List.of(Channels.org(next.orgId())), "user.updated", next.publicView()));
        }
        log.info("user updated: user={} org={} changed={} by={}", next.id(), next.orgId(), changed, caller.id());
        return next;
    }

    /** Tells the other services about a user that has just been inserted, in the caller's transaction. */
    void announceCreated(User user) {
        outbox.publish(new AccountEvent.UserCreated(
                user.orgId(),
                user.id(),
                user.name(),
                user.email(),
                user.role().name(),
                user.active(),
                now(),
                user.phone(),
                user.smsConsent()));
        outbox.publish(RealtimeMessage.of(
                user.orgId(), List.of(Channels.org(user.orgId())), "user.created", user.publicView()));
    }

    /** For the demo seed: inserts unless the email is taken, and announces what it inserted. */
    Optional<User> seed(UUID orgId, String email, String password, String name, Role role) {
        Optional<User> user = users.insert(orgId, email, passwords.encode(password), name, role);
        user.ifPresent(this::announceCreated);
        return user;
    }

    /** E.164 in the org's phone region; null for none; 400 naming {@code phone} when not a number. */
    private String normalisePhone(UUID orgId, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return PhoneNumbers.toE164(raw.trim(), orgSettings.phoneRegion(orgId))
                .orElseThrow(() -> ApiProblem.invalidField("phone", "is not a valid phone number"));
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
