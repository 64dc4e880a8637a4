package io.leadpulse.lead.leads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Lead list settings ({@code lead.leads.*}); documented in the service README.
 *
 * @param cursorSecret signs page cursors so an edited cursor is refused (400) instead of silently
 *     paging from somewhere else. Integrity only: a cursor never widens what a caller may see, the
 *     caller's scope comes from its token. Every instance must share the value; when it is empty,
 *     a random key is drawn at start, and cursors are valid only on the instance that issued them
 *     until it restarts (fine for one instance; set it when running several).
 */
@Validated
@ConfigurationProperties("lead.leads")
public record LeadsSettings(String cursorSecret) {

    public LeadsSettings {
        if (cursorSecret != null && !cursorSecret.isEmpty() && cursorSecret.length() < 16) {
            throw new IllegalArgumentException("lead.leads.cursor-secret must have at least 16 characters");
        }
    }
}
