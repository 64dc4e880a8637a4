package io.leadpulse.lead.leads;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Lead list settings ({@code lead.leads.*}); documented in the service README.
 *
 * @param cursorSecret signs page cursors so an edited cursor is refused (400) instead of silently
 *     paging from somewhere else. Integrity only: a cursor never widens what a caller may see, the
 *     caller's scope comes from its token. Every instance must share the value.
 */
@Validated
@ConfigurationProperties("lead.leads")
public record LeadsSettings(@Size(min = 16) String cursorSecret) {}
