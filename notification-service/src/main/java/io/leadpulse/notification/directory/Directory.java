package io.leadpulse.notification.directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is in an org, who is an admin, who owns a lead: this service's own projection of
 * {@code lead.events}, written in the consumer's transaction. Out-of-order safe: a user or lead
 * row keeps the newest version it has seen; a deleted lead is never brought back by a late event.
 */
@Service
public class Directory {

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final DirectoryRepository repository;

    /** The number when it is E.164 (what lead-service sends), else null: never text a malformed one. */
    public static String mobile(String phone) {
        return phone != null && E164.matcher(phone).matches() ? phone : null;
    }

    Directory(DirectoryRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public void user(DirectoryUser user, Instant versionAt) {
        repository.upsertUser(user, versionAt);
    }

    @Transactional
    public void lead(UUID leadId, UUID orgId, UUID assigneeId, Instant versionAt) {
        repository.upsertLead(leadId, orgId, assigneeId, false, versionAt);
    }

    @Transactional
    public void leadDeleted(UUID leadId, UUID orgId, Instant versionAt) {
        repository.upsertLead(leadId, orgId, null, true, versionAt);
    }

    @Transactional(readOnly = true)
    public Optional<LeadOwner> lead(UUID leadId) {
        return repository.lead(leadId);
    }

    @Transactional(readOnly = true)
    public Optional<DirectoryUser> user(UUID userId) {
        return repository.user(userId);
    }

    /** The people of {@code userIds} this directory knows, by id (one query). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, DirectoryUser> users(java.util.Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return java.util.Map.of();
        }
        return repository.users(userIds).stream()
                .collect(java.util.stream.Collectors.toMap(DirectoryUser::userId, u -> u));
    }

    @Transactional(readOnly = true)
    public List<UUID> activeAdmins(UUID orgId) {
        return repository.activeUsers(orgId, true);
    }

    @Transactional(readOnly = true)
    public List<UUID> activeUsers(UUID orgId) {
        return repository.activeUsers(orgId, false);
    }

    /**
     * Whether {@code userId} may be told something about {@code orgId}: not when we know them to be
     * inactive or in another org. A user we have not heard of yet may be: {@code user.created} and a
     * lead event travel on different partitions, so the lead event can come first (ADR 0014).
     */
    @Transactional(readOnly = true)
    public boolean mayNotify(UUID userId, UUID orgId) {
        return repository
                .user(userId)
                .map(u -> u.active() && u.orgId().equals(orgId))
                .orElse(true);
    }
}
