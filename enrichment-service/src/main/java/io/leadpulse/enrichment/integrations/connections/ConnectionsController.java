package io.leadpulse.enrichment.integrations.connections;

import io.leadpulse.enrichment.integrations.sync.SyncStatus;
import io.leadpulse.enrichment.providers.ProviderException;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connections to external platforms (F8). Tokens never leave: no view carries them. */
@RestController
class ConnectionsController {

    private final Connections connections;
    private final SyncStatus sync;

    ConnectionsController(Connections connections, SyncStatus sync) {
        this.connections = connections;
        this.sync = sync;
    }

    /** ADMIN: where to send the browser to allow access. */
    @PostMapping("/api/integrations/{provider}/connect")
    Connections.ConnectStart connect(CurrentUser user, @PathVariable String provider) {
        return connections.connect(user, provider);
    }

    /**
     * Public (the platform redirects the browser here without our token): the single-use state
     * stored at connect is what authenticates it.
     */
    @GetMapping("/api/integrations/{provider}/callback")
    ResponseEntity<ConnectionView> callback(
            @PathVariable String provider,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String error) {
        try {
            Connection connection = connections.callback(provider, code, state, error);
            return ResponseEntity.status(HttpStatus.CREATED).body(view(connection));
        } catch (ProviderException e) {
            throw new ApiProblem(
                    HttpStatus.BAD_GATEWAY,
                    "Platform unavailable",
                    provider + " did not answer the token request usably; connect again later",
                    null);
        }
    }

    record IntegrationsView(List<Connections.ProviderView> providers, List<ConnectionView> connections) {}

    /**
     * @param tokenExpiresAt when the current access token expires (it is refreshed before)
     */
    record ConnectionView(
            UUID id,
            String provider,
            String status,
            String statusReason,
            String externalAccount,
            UUID connectedBy,
            Instant connectedAt,
            Instant updatedAt,
            Instant tokenExpiresAt,
            List<SyncStatus.View> sync) {}

    @GetMapping("/api/integrations")
    IntegrationsView list(CurrentUser user) {
        return new IntegrationsView(
                connections.providers(),
                connections.ofOrg(user).stream().map(this::view).toList());
    }

    @GetMapping("/api/integrations/{id}")
    ConnectionView get(CurrentUser user, @PathVariable UUID id) {
        return view(connections.visibleTo(user, id));
    }

    @DeleteMapping("/api/integrations/{id}")
    ResponseEntity<Void> disconnect(CurrentUser user, @PathVariable UUID id) {
        connections.disconnect(user, id);
        return ResponseEntity.noContent().build();
    }

    private ConnectionView view(Connection c) {
        return new ConnectionView(
                c.id(),
                c.provider(),
                c.status(),
                c.statusReason(),
                c.externalAccount(),
                c.connectedBy(),
                c.connectedAt(),
                c.updatedAt(),
                c.connected() ? c.expiresAt() : null,
                sync.of(c.id()));
    }
}
