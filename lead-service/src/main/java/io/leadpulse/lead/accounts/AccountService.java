package io.leadpulse.lead.accounts;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Checks credentials. A wrong password and an unknown email look the same, in answer and in time. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final String decoyHash;

    AccountService(UserRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
        // Compared against when the email is unknown, so that case costs one BCrypt check too.
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    public Optional<User> authenticate(String email, String password) {
        Optional<UserRepository.Credentials> credentials = users.findCredentials(email.trim());
        String hash = credentials.map(UserRepository.Credentials::passwordHash).orElse(decoyHash);
        boolean matches = passwords.matches(password, hash);
        if (credentials.isEmpty() || !matches || !credentials.get().user().active()) {
            log.info("login refused");
            return Optional.empty();
        }
        User user = credentials.get().user();
        log.info("login succeeded: user={} org={}", user.id(), user.orgId());
        return Optional.of(user);
    }

    public Optional<String> orgName(UUID orgId) {
        return users.orgName(orgId);
    }
}
