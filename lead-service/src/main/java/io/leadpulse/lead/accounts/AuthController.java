package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuthController {

    private final AccountService accounts;
    private final TokenService tokens;

    AuthController(AccountService accounts, TokenService tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    record LoginRequest(
            @NotBlank @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String password) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    record Me(UUID id, UUID orgId, String orgName, String email, String name, String role) {}

    @PostMapping("/api/auth/login")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
        User user = accounts.authenticate(request.email(), request.password())
                .orElseThrow(() ->
                        new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Invalid email or password.", null));
        TokenService.IssuedToken token = tokens.issue(user);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
    }

    @GetMapping("/api/me")
    Me me(CurrentUser user) {
        return new Me(
                user.id(),
                user.orgId(),
                accounts.orgName(user.orgId()).orElse(null),
                user.email(),
                user.name(),
                user.role().name());
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(tokens.jwks());
    }
}
