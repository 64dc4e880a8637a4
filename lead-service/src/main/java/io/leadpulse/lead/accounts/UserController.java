package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import io.leadpulse.platform.web.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisation's users: listed by anyone in it, added and changed by an ADMIN; a user changes
 * its own mobile number and SMS consent.
 */
@RestController
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    record CreateUserRequest(
            @NotBlank @Email @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String name,
            @NotNull Role role,
            @NotBlank @Size(min = 10, max = 200) String password,
            @Size(max = 40) String phone,
            Boolean smsConsent) {}

    record UpdateUserRequest(
            @Size(min = 1, max = 200) String name,
            Role role,
            Boolean active,
            @Size(max = 40) String phone,
            Boolean smsConsent) {}

    @GetMapping("/api/users")
    Map<String, List<User>> list(CurrentUser caller) {
        return Map.of("items", users.list(caller));
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    User create(CurrentUser caller, @Valid @RequestBody CreateUserRequest request) {
        if (Boolean.TRUE.equals(request.smsConsent())) {
            // the admin creates the user; consent to SMS is the user's own, given once they log in
            throw ApiProblem.invalidField(
                    "smsConsent", "only the user themself can consent, with PATCH /api/users/{id}");
        }
        return users.create(
                caller,
                new UserService.NewUser(
                        request.email(), request.name(), request.role(), request.password(), request.phone()));
    }

    @PatchMapping("/api/users/{id}")
    User update(CurrentUser caller, @PathVariable UUID id, @Valid @RequestBody UpdateUserRequest request) {
        return users.update(
                caller,
                id,
                new UserService.UserChange(
                        request.name(), request.role(), request.active(), request.phone(), request.smsConsent()));
    }

    @ExceptionHandler(UserService.EmailTaken.class)
    ProblemDetail emailTaken(UserService.EmailTaken e) {
        return new ApiProblem(
                        HttpStatus.CONFLICT,
                        "duplicate-user",
                        "Duplicate user",
                        "email: " + e.getMessage(),
                        Map.of("errors", List.of(Map.of("field", "email", "message", e.getMessage()))))
                .toProblemDetail();
    }
}
