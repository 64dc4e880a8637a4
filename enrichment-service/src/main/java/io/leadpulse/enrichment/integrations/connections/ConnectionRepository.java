package io.leadpulse.enrichment.integrations.connections;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConnectionRepository {

    private static final RowMapper<Connection> CONNECTION = (rs, n) -> new Connection(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getString("provider"),
            rs.getString("status"),
            rs.getString("status_reason"),
            rs.getObject("connected_by", UUID.class),
            rs.getString("external_account"),
            rs.getString("scope"),
            instant(rs, "expires_at"),
            instant(rs, "connected_at"),
            instant(rs, "updated_at"));

    /** The sealed tokens of a connection, as stored. */
    record StoredTokens(String keyId, byte[] access, byte[] refresh, Instant expiresAt) {}

    private final JdbcClient jdbc;

    ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertState(String state, UUID orgId, UUID userId, String provider, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        insert into oauth_state (state, org_id, user_id, provider, created_at, expires_at)
                        values (:state, :org, :user, :provider, :now, :expires)
                        """)
                .param("state", state)
                .param("org", orgId)
                .param("user", userId)
                .param("provider", provider)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    /** Who asked for the state, if it is known, unused and unexpired; it is used from now on. */
    record StateOwner(UUID orgId, UUID userId) {}

    Optional<StateOwner> consumeState(String state, String provider, Instant now) {
        return jdbc.sql("""
                        update oauth_state set used_at = :now
                        where state = :state and provider = :provider and used_at is null and expires_at > :now
                        returning org_id, user_id
                        """)
                .param("now", Timestamp.from(now))
                .param("state", state)
                .param("provider", provider)
                .query((rs, n) ->
                        new StateOwner(rs.getObject("org_id", UUID.class), rs.getObject("user_id", UUID.class)))
                .optional();
    }

    /** The live (not disconnected) connection of the org to the provider, locked. */
    Optional<Connection> lockLive(UUID orgId, String provider) {
        return jdbc.sql("""
                        select * from integration_connection
                        where org_id = :org and provider = :provider and status <> 'DISCONNECTED' for update
                        """)
                .param("org", orgId)
                .param("provider", provider)
                .query(CONNECTION)
                .optional();
    }

    void insert(Connection c, TokenCipher.Sealed access, TokenCipher.Sealed refresh) {
        jdbc.sql("""
                        insert into integration_connection (id, org_id, provider, status, connected_by, external_account,
                            scope, access_token, refresh_token, token_key_id, expires_at, connected_at, updated_at)
                        values (:id, :org, :provider, :status, :by, :account, :scope, :access, :refresh, :key,
                            :expires, :at, :at)
                        """)
                .param("id", c.id())
                .param("org", c.orgId())
                .param("provider", c.provider())
                .param("status", c.status())
                .param("by", c.connectedBy())
                .param("account", c.externalAccount())
                .param("scope", c.scope())
                .param("access", access.bytes())
                .param("refresh", refresh == null ? null : refresh.bytes())
                .param("key", access.keyId())
                .param("expires", Timestamp.from(c.expiresAt()))
                .param("at", Timestamp.from(c.connectedAt()))
                .update();
    }

    void updateTokens(UUID id, TokenCipher.Sealed access, TokenCipher.Sealed refresh, Instant expiresAt, Instant now) {
        jdbc.sql("""
                        update integration_connection set access_token = :access, refresh_token = :refresh,
                            token_key_id = :key, expires_at = :expires, updated_at = :now
                        where id = :id
                        """)
                .param("access", access.bytes())
                .param("refresh", refresh.bytes())
                .param("key", access.keyId())
                .param("expires", Timestamp.from(expiresAt))
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** A status change; leaving CONNECTED wipes the tokens when {@code wipeTokens}. */
    void setStatus(UUID id, String status, String reason, boolean wipeTokens, Instant now) {
        jdbc.sql("""
                        update integration_connection set status = :status, status_reason = :reason, updated_at = :now,
                            access_token = case when :wipe then null else access_token end,
                            refresh_token = case when :wipe then null else refresh_token end
                        where id = :id
                        """)
                .param("status", status)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .param("wipe", wipeTokens)
                .param("id", id)
                .update();
    }

    Optional<Connection> find(UUID id) {
        return jdbc.sql("select * from integration_connection where id = :id")
                .param("id", id)
                .query(CONNECTION)
                .optional();
    }

    Optional<Connection> lock(UUID id) {
        return jdbc.sql("select * from integration_connection where id = :id for update")
                .param("id", id)
                .query(CONNECTION)
                .optional();
    }

    Optional<StoredTokens> tokens(UUID id) {
        return jdbc.sql("""
                        select token_key_id, access_token, refresh_token, expires_at from integration_connection
                        where id = :id and access_token is not null
                        """)
                .param("id", id)
                .query((rs, n) -> new StoredTokens(
                        rs.getString("token_key_id"),
                        rs.getBytes("access_token"),
                        rs.getBytes("refresh_token"),
                        instant(rs, "expires_at")))
                .optional();
    }

    List<Connection> ofOrg(UUID orgId) {
        return jdbc.sql("select * from integration_connection where org_id = :org order by connected_at desc")
                .param("org", orgId)
                .query(CONNECTION)
                .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
