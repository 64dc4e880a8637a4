package io.leadpulse.lead.imports;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The import's bulk writes to {@code lead}: one statement per batch for the lookup, the inserts
 * and the updates (arrays through {@code unnest}), never one per row.
 */
@Repository
class ImportLeadRepository {

    private static final Logger log = LoggerFactory.getLogger(ImportLeadRepository.class);

    private static final String TAG_SEPARATOR = "\u001f";

    private final JdbcClient jdbc;

    ImportLeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Refreshes the planner's statistics of {@code lead} (a sample: about 30,000 rows at most). Only
     * an optimisation: a database user without the right to analyze gets a warning, not a failed
     * import.
     */
    void refreshStatistics() {
        try {
            jdbc.sql("analyze lead").update();
        } catch (DataAccessException e) {
            log.warn("could not refresh the statistics of table lead during an import: {}", e.getMessage());
        }
    }

    /** An existing lead a row of the batch matches by email or phone. */
    record Existing(
            UUID id,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            List<String> tags,
            UUID assigneeId) {}

    /** The lead's fields as written: a new lead, or an existing one after the update. */
    record Written(
            UUID id,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            List<String> tags) {}

    List<Existing> matching(UUID orgId, Set<String> emails, Set<String> phones) {
        if (emails.isEmpty() && phones.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select id, first_name, last_name, email, phone, company, tags, assignee_id from lead
                        where org_id = :org
                          and (email = any(cast(:emails as text[])) or phone = any(cast(:phones as text[])))
                        """)
                .param("org", orgId)
                .param("emails", emails.toArray(String[]::new))
                .param("phones", phones.toArray(String[]::new))
                .query((rs, n) -> {
                    Array tags = rs.getArray("tags");
                    return new Existing(
                            rs.getObject("id", UUID.class),
                            rs.getString("first_name"),
                            rs.getString("last_name"),
                            rs.getString("email"),
                            rs.getString("phone"),
                            rs.getString("company"),
                            tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                            rs.getObject("assignee_id", UUID.class));
                })
                .list();
    }

    /**
     * Inserts new leads; one whose email or phone was taken meanwhile (a lead created through the
     * API since the lookup) is left out.
     *
     * @return the ids inserted
     */
    Set<UUID> insert(UUID orgId, UUID assigneeId, List<Written> leads, Instant now) {
        if (leads.isEmpty()) {
            return Set.of();
        }
        List<UUID> inserted = jdbc.sql("""
                        insert into lead (id, org_id, first_name, last_name, email, phone, company, status,
                                          assignee_id, tags, source, created_at, updated_at)
                        select u.id, :org, u.first_name, u.last_name, u.email, u.phone, u.company, 'NEW',
                               :assignee, coalesce(string_to_array(u.tags, :separator), '{}'), 'import', :now, :now
                        from unnest(cast(:ids as uuid[]), cast(:firstNames as text[]), cast(:lastNames as text[]),
                                    cast(:emails as text[]), cast(:phones as text[]), cast(:companies as text[]),
                                    cast(:tags as text[]))
                             as u(id, first_name, last_name, email, phone, company, tags)
                        on conflict do nothing
                        returning id
                        """)
                .param("org", orgId)
                .param("assignee", assigneeId)
                .param("separator", TAG_SEPARATOR)
                .param("now", Timestamp.from(now))
                .param("ids", leads.stream().map(l -> l.id().toString()).toArray(String[]::new))
                .param("firstNames", leads.stream().map(Written::firstName).toArray(String[]::new))
                .param("lastNames", leads.stream().map(Written::lastName).toArray(String[]::new))
                .param("emails", leads.stream().map(Written::email).toArray(String[]::new))
                .param("phones", leads.stream().map(Written::phone).toArray(String[]::new))
                .param("companies", leads.stream().map(Written::company).toArray(String[]::new))
                .param(
                        "tags",
                        leads.stream()
                                .map(l -> String.join(TAG_SEPARATOR, l.tags()))
                                .toArray(String[]::new))
                .query(UUID.class)
                .list();
        return new HashSet<>(inserted);
    }

    /** Writes the merged fields of existing leads. */
    void update(UUID orgId, List<Written> leads, Instant now) {
        if (leads.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update lead l set first_name = u.first_name, last_name = u.last_name, email = u.email,
                                          phone = u.phone, company = u.company,
                                          tags = coalesce(string_to_array(u.tags, :separator), '{}'),
                                          updated_at = :now, version = l.version + 1
                        from unnest(cast(:ids as uuid[]), cast(:firstNames as text[]), cast(:lastNames as text[]),
                                    cast(:emails as text[]), cast(:phones as text[]), cast(:companies as text[]),
                                    cast(:tags as text[]))
                             as u(id, first_name, last_name, email, phone, company, tags)
                        where l.id = u.id and l.org_id = :org
                        """)
                .param("org", orgId)
                .param("separator", TAG_SEPARATOR)
                .param("now", Timestamp.from(now))
                .param("ids", leads.stream().map(l -> l.id().toString()).toArray(String[]::new))
                .param("firstNames", leads.stream().map(Written::firstName).toArray(String[]::new))
                .param("lastNames", leads.stream().map(Written::lastName).toArray(String[]::new))
                .param("emails", leads.stream().map(Written::email).toArray(String[]::new))
                .param("phones", leads.stream().map(Written::phone).toArray(String[]::new))
                .param("companies", leads.stream().map(Written::company).toArray(String[]::new))
                .param(
                        "tags",
                        leads.stream()
                                .map(l -> String.join(TAG_SEPARATOR, l.tags()))
                                .toArray(String[]::new))
                .update();
    }
}
