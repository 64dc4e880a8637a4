package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuthController {

    private final AccountService accounts;
    private final TokenService tokens;
    private final UserService users;

    AuthController(AccountService accounts, TokenService tokens, UserService users) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.users = users;
    }

    record LoginRequest(
            @NotBlank @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String password) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    record Me(
            UUID id,
            UUID orgId,
            String orgName,
            String email,
            String name,
            String role,
            String phone,
            boolean smsConsent,
            Instant smsConsentAt) {}

    @PostMapping("/api/auth/login")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
        User user = switch (accounts.authenticate(request.email(), request.password())) {
            case AccountService.Login.Succeeded succeeded -> succeeded.user();
            case AccountService.Login.Refused refused ->
                throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Invalid email or password.", null);
            case AccountService.Login.Throttled throttled -> throw new LoginThrottled(throttled.retryAfter());
        };
        TokenService.IssuedToken token = tokens.issue(user);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
    }

    /** Too many failed logins for this email: 429 with Retry-After, whether or not the account exists. */
    static final class LoginThrottled extends RuntimeException {
        final Duration retryAfter;

        LoginThrottled(Duration retryAfter) {
            super("Too many failed logins for this email; try again later.");
            this.retryAfter = retryAfter;
        }
    }

    @ExceptionHandler(LoginThrottled.class)
    ResponseEntity<ProblemDetail> throttled(LoginThrottled e) {
        long seconds = Math.max(1, e.retryAfter.toSeconds() + (e.retryAfter.toNanosPart() > 0 ? 1 : 0));
        ProblemDetail problem = new ApiProblem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too-many-login-attempts",
                        "Too many login attempts",
                        e.getMessage(),
                        java.util.Map.of("retryAfterSeconds", seconds))
                .toProblemDetail();
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    @GetMapping("/api/me")
    Me me(CurrentUser user) {
        Optional<User> stored = users.me(user);
        return new Me(
                user.id(),
                user.orgId(),
                accounts.orgName(user.orgId()).orElse(null),
                user.email(),
                user.name(),
                user.role().name(),
                stored.map(User::phone).orElse(null),
                stored.map(User::smsConsent).orElse(false),
                stored.map(User::smsConsentAt).orElse(null));
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(tokens.jwks());
    }
}
