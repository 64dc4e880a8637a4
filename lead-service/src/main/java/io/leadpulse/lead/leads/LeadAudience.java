package io.leadpulse.lead.leads;

import io.leadpulse.lead.accounts.UserRepository;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who is told live about a lead (ADR 5): its own channel, its assignee, and the organisation's
 * admins; never the org-wide channel, which every rep may join.
 */
@Component
public class LeadAudience {

    private final UserRepository users;

    LeadAudience(UserRepository users) {
        this.users = users;
    }

    public List<String> channels(UUID orgId, UUID leadId, UUID assigneeId) {
        return of(users.adminIds(orgId)).channels(leadId, assigneeId);
    }

    /** For many leads of one organisation (an import batch): the admins are looked up once. */
    public Batch forOrg(UUID orgId) {
        return of(users.adminIds(orgId));
    }

    private static Batch of(List<UUID> admins) {
        return new Batch(List.copyOf(admins));
    }

    /** The audience of any lead of one organisation, with its admins already known. */
    public record Batch(List<UUID> adminIds) {
        public List<String> channels(UUID leadId, UUID... assignees) {
            Set<String> channels = new LinkedHashSet<>();
            channels.add(Channels.lead(leadId));
            for (UUID assignee : assignees) {
                if (assignee != null) {
                    channels.add(Channels.user(assignee));
                }
            }
            adminIds.forEach(admin -> channels.add(Channels.user(admin)));
            return new ArrayList<>(channels);
        }
    }
}
