package io.leadpulse.lead.accounts;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks credentials. A wrong password and an unknown email look the same, in answer and in time
 * (one BCrypt check either way), and both count towards the email's login throttle.
 */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final String decoyHash;

    AccountService(UserRepository users, PasswordEncoder passwords, LoginThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        // Compared against when the email is unknown, so that case costs one BCrypt check too.
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /** The outcome of a login attempt. */
    public sealed interface Login {
        record Succeeded(User user) implements Login {}

        record Refused() implements Login {}

        record Throttled(Duration retryAfter) implements Login {}
    }

    public Login authenticate(String email, String password) {
        Optional<Duration> wait = throttle.retryAfter(email);
        if (wait.isPresent()) {
            log.warn(
                    "login throttled: too many failures for one email; retryAfter={}s",
                    wait.get().toSeconds());
            return new Login.Throttled(wait.get());
        }
        Optional<UserRepository.Credentials> credentials = users.findCredentials(email.trim());
        String hash = credentials.map(UserRepository.Credentials::passwordHash).orElse(decoyHash);
        boolean matches = passwords.matches(password, hash);
        if (credentials.isEmpty() || !matches || !credentials.get().user().active()) {
            throttle.recordFailure(email);
            log.info("login refused");
            return new Login.Refused();
        }
        throttle.recordSuccess(email);
        User user = credentials.get().user();
        log.info("login succeeded: user={} org={}", user.id(), user.orgId());
        return new Login.Succeeded(user);
    }

    public Optional<String> orgName(UUID orgId) {
        return users.orgName(orgId);
    }
}
