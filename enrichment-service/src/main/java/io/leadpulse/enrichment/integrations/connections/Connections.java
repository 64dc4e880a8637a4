package io.leadpulse.enrichment.integrations.connections;

import io.leadpulse.enrichment.EnrichmentSettings;
import io.leadpulse.enrichment.integrations.Connectors;
import io.leadpulse.enrichment.integrations.OAuthTokens;
import io.leadpulse.enrichment.integrations.PlatformConnector;
import io.leadpulse.enrichment.integrations.sync.SyncSchedules;
import io.leadpulse.enrichment.leads.Directory;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections to external platforms (F8, docs/adr/0016): the OAuth2 authorisation code flow with a
 * stored, single-use, expiring {@code state} bound to the org and user who asked; tokens sealed at
 * rest ({@link TokenCipher}); access tokens refreshed before they expire and once after a 401, one
 * refresh at a time per connection (the row is locked while the platform answers, so two syncs of
 * one connection never spend the same refresh token twice); a revoked refresh token marks the
 * connection {@code NEEDS_REAUTH}, stops its syncs and tells the user who connected it and the
 * org's admins. Tokens are never logged and never leave through the API.
 */
@Service
public class Connections {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final ConnectionRepository rows;
    private final Connectors connectors;
    private final SyncSchedules schedules;
    private final Directory directory;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final EnrichmentSettings.Integrations settings;
    private final TokenCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Connections(
            ConnectionRepository rows,
            Connectors connectors,
            SyncSchedules schedules,
            Directory directory,
            Outbox outbox,
            TransactionTemplate transactions,
            EnrichmentSettings settings,
            Clock clock) {
        this.rows = rows;
        this.connectors = connectors;
        this.schedules = schedules;
        this.directory = directory;
        this.outbox = outbox;
        this.transactions = transactions;
        this.settings = settings.integrations();
        this.cipher = new TokenCipher(
                this.settings.tokenKeyId(), this.settings.tokenKey(), this.settings.previousTokenKeys());
        this.clock = clock;
    }

    /** Where to send the admin's browser; {@code state} comes back with the platform's code. */
    public record ConnectStart(String provider, String authorizeUrl, String state, Instant expiresAt) {}

    /** A platform this service knows, and whether it can be connected. */
    public record ProviderView(String provider, boolean configured, String reason) {}

    /** The connection is not (any more) connected: nothing to sync with. */
    public static final class NotConnected extends RuntimeException {
        NotConnected(UUID id) {
            super("connection " + id + " is not connected", null, false, false);
        }
    }

    /** The platform revoked the grant: the connection now needs an admin to connect again. */
    public static final class NeedsReauth extends RuntimeException {
        NeedsReauth(UUID id) {
            super("connection " + id + " needs re-authorisation", null, false, false);
        }
    }

    /** The platform refused the authorisation code at the callback. */
    public static final class CodeRejected extends RuntimeException {
        CodeRejected(String error) {
            super(error, null, false, false);
        }
    }

    public ConnectStart connect(CurrentUser user, String provider) {
        PlatformConnector connector = connector(provider);
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin can connect an external platform.");
        }
        connector.notConfiguredReason().ifPresent(reason -> {
            throw ApiProblem.conflict(provider + " is not configured: " + reason);
        });
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.stateTtl());
        transactions.executeWithoutResult(
                tx -> rows.insertState(state, user.orgId(), user.id(), provider, now, expires));
        log.info("integration connect started: org={} user={} provider={}", user.orgId(), user.id(), provider);
        return new ConnectStart(
                provider, connector.authorizeUrl(state, redirectUri(provider)).toString(), state, expires);
    }

    /**
     * The platform sent the browser back. The state is spent whatever follows (single use); an
     * unknown, used, expired or other-provider state is a 400 naming {@code state}.
     */
    public Connection callback(String provider, String code, String state, String error) {
        PlatformConnector connector = connector(provider);
        if (state == null || state.isBlank()) {
            throw ApiProblem.invalidField("state", "is required");
        }
        Instant now = clock.instant();
        ConnectionRepository.StateOwner owner = transactions.execute(tx -> rows.consumeState(state, provider, now)
                .orElseThrow(() -> ApiProblem.invalidField(
                        "state", "is unknown, already used, expired or for another provider; connect again")));
        if (error != null && !error.isBlank()) {
            log.info(
                    "integration connect refused by the user or platform: org={} provider={}", owner.orgId(), provider);
            throw ApiProblem.invalidField("code", "the platform did not grant access: " + error);
        }
        if (code == null || code.isBlank()) {
            throw ApiProblem.invalidField("code", "is required");
        }
        OAuthTokens tokens;
        try {
            tokens = connector.exchange(code, redirectUri(provider));
        } catch (PlatformConnector.GrantRejected e) {
            throw ApiProblem.invalidField("code", "the platform refused the code (" + e.error() + "); connect again");
        }
        Connection connection = transactions.execute(tx -> store(provider, owner, tokens));
        log.info(
                "integration connected: org={} user={} provider={} connection={}",
                owner.orgId(),
                owner.userId(),
                provider,
                connection.id());
        return connection;
    }

    private Connection store(String provider, ConnectionRepository.StateOwner owner, OAuthTokens tokens) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        rows.lockLive(owner.orgId(), provider).ifPresent(previous -> {
            rows.setStatus(previous.id(), Connection.DISCONNECTED, "replaced by a new connection", true, now);
            schedules.stop(previous.id());
        });
        Connection connection = new Connection(
                UUID.randomUUID(),
                owner.orgId(),
                provider,
                Connection.CONNECTED,
                null,
                owner.userId(),
                tokens.account(),
                tokens.scope(),
                now.plus(tokens.expiresIn()),
                now,
                now);
        rows.insert(
                connection,
                cipher.seal(tokens.accessToken(), aad(connection.id(), "access")),
                tokens.refreshToken() == null
                        ? null
                        : cipher.seal(tokens.refreshToken(), aad(connection.id(), "refresh")));
        schedules.start(connection.id(), connection.orgId(), now);
        outbox.publish(RealtimeMessage.of(
                connection.orgId(),
                List.of(Channels.org(connection.orgId())),
                "integration.connected",
                Map.of("connectionId", connection.id(), "provider", provider, "status", connection.status())));
        return connection;
    }

    public List<ProviderView> providers() {
        List<ProviderView> views = new ArrayList<>();
        for (PlatformConnector connector : connectors.all()) {
            Optional<String> reason = connector.notConfiguredReason();
            views.add(new ProviderView(connector.provider(), reason.isEmpty(), reason.orElse(null)));
        }
        return views;
    }

    public List<Connection> ofOrg(CurrentUser user) {
        return rows.ofOrg(user.orgId());
    }

    /** The connection if it belongs to the caller's organisation; another org's is not found. */
    public Connection visibleTo(CurrentUser user, UUID id) {
        return rows.find(id)
                .filter(c -> c.orgId().equals(user.orgId()))
                .orElseThrow(() -> ApiProblem.notFound("Connection " + id));
    }

    public Connection find(UUID id) {
        return rows.find(id).orElseThrow(() -> new NotConnected(id));
    }

    public void disconnect(CurrentUser user, UUID id) {
        Connection connection = visibleTo(user, id);
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin can disconnect an external platform.");
        }
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            rows.lock(id);
            rows.setStatus(id, Connection.DISCONNECTED, "disconnected by a user", true, now);
            schedules.stop(id);
            outbox.publish(RealtimeMessage.of(
                    connection.orgId(),
                    List.of(Channels.org(connection.orgId())),
                    "integration.disconnected",
                    Map.of("connectionId", id, "provider", connection.provider())));
        });
        log.info("integration disconnected: org={} user={} connection={}", user.orgId(), user.id(), id);
    }

    /** A usable access token: the stored one, or a refreshed one when it expires within the margin. */
    public String accessToken(UUID id) {
        Connection connection = find(id);
        if (!connection.connected()) {
            throw new NotConnected(id);
        }
        ConnectionRepository.StoredTokens stored = rows.tokens(id).orElseThrow(() -> new NotConnected(id));
        if (fresh(stored)) {
            return cipher.open(stored.keyId(), stored.access(), aad(id, "access"));
        }
        return refresh(id, null);
    }

    /** The platform refused {@code rejected} (a 401): a new token, unless another sync already got one. */
    public String refreshAfterRejection(UUID id, String rejected) {
        return refresh(id, rejected);
    }

    private boolean fresh(ConnectionRepository.StoredTokens stored) {
        return stored.expiresAt() != null
                && clock.instant().plus(settings.refreshMargin()).isBefore(stored.expiresAt());
    }

    /**
     * Refreshes under the connection's row lock. A token rotated meanwhile by another sync is used
     * as it is; {@code invalid_grant} commits NEEDS_REAUTH (and its event and messages), then throws.
     */
    private String refresh(UUID id, String rejected) {
        Object outcome = transactions.execute(tx -> {
            Connection connection = rows.lock(id).orElseThrow(() -> new NotConnected(id));
            if (!connection.connected()) {
                throw new NotConnected(id);
            }
            ConnectionRepository.StoredTokens stored = rows.tokens(id).orElseThrow(() -> new NotConnected(id));
            String current = cipher.open(stored.keyId(), stored.access(), aad(id, "access"));
            boolean rotatedMeanwhile = rejected != null && !rejected.equals(current);
            if ((rejected == null || rotatedMeanwhile) && fresh(stored)) {
                return current;
            }
            if (stored.refresh() == null) {
                return markNeedsReauth(connection, "no refresh token");
            }
            String refreshToken = cipher.open(stored.keyId(), stored.refresh(), aad(id, "refresh"));
            OAuthTokens tokens;
            try {
                tokens = connector(connection.provider()).refresh(refreshToken);
            } catch (PlatformConnector.GrantRejected e) {
                if ("invalid_grant".equals(e.error())) {
                    return markNeedsReauth(connection, "the platform revoked the grant (invalid_grant)");
                }
                throw e;
            }
            Instant now = clock.instant();
            rows.updateTokens(
                    id,
                    cipher.seal(tokens.accessToken(), aad(id, "access")),
                    cipher.seal(
                            tokens.refreshToken() != null ? tokens.refreshToken() : refreshToken, aad(id, "refresh")),
                    now.plus(tokens.expiresIn()),
                    now);
            log.info(
                    "integration token refreshed: org={} connection={} after401={}",
                    connection.orgId(),
                    id,
                    rejected != null);
            return tokens.accessToken();
        });
        if (outcome instanceof NeedsReauth needsReauth) {
            throw needsReauth;
        }
        return (String) outcome;
    }

    private NeedsReauth markNeedsReauth(Connection connection, String reason) {
        Instant now = clock.instant();
        rows.setStatus(connection.id(), Connection.NEEDS_REAUTH, reason, true, now);
        schedules.stop(connection.id());
        outbox.publish(new IntegrationEvent.ConnectionNeedsReauth(
                connection.orgId(), connection.id(), connection.provider(), connection.connectedBy(), reason, now));
        List<String> channels = new ArrayList<>();
        channels.add(Channels.user(connection.connectedBy()));
        for (UUID admin : directory.admins(connection.orgId())) {
            String channel = Channels.user(admin);
            if (!channels.contains(channel)) {
                channels.add(channel);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connectionId", connection.id());
        data.put("provider", connection.provider());
        data.put("status", Connection.NEEDS_REAUTH);
        data.put("reason", reason);
        outbox.publish(RealtimeMessage.of(connection.orgId(), channels, "integration.needs_reauth", data));
        log.warn(
                "integration needs re-authorisation: org={} connection={} provider={}",
                connection.orgId(),
                connection.id(),
                connection.provider());
        return new NeedsReauth(connection.id());
    }

    private PlatformConnector connector(String provider) {
        return connectors.find(provider).orElseThrow(() -> ApiProblem.notFound("Provider " + provider));
    }

    private String redirectUri(String provider) {
        return settings.redirectUrl().replace("{provider}", provider);
    }

    /** What the sealed value is bound to: its row and column (ADR 0016). */
    static String aad(UUID connectionId, String column) {
        return connectionId + "/" + column;
    }

    /** How long before expiry tokens are refreshed (for the API). */
    public Duration refreshMargin() {
        return settings.refreshMargin();
    }
}
