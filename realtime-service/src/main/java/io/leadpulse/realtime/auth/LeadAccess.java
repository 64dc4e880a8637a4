package io.leadpulse.realtime.auth;

import java.util.UUID;
import reactor.core.publisher.Mono;

/** Whether a caller may see a lead: lead-service decides (a rep sees its own leads only). */
public interface LeadAccess {

    /** True when lead-service shows the lead to the caller; an error when it cannot be asked. */
    Mono<Boolean> maySee(UUID leadId, String authorization);
}
