package io.leadpulse.lead.imports;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * CSV import settings ({@code lead.imports.*}); documented in the service README.
 *
 * @param directory where uploaded files wait until their import ends (then they are deleted)
 * @param batchSize rows written per transaction
 * @param sampleRows rows shown with the suggested mapping
 * @param staleAfter a RUNNING import whose progress has not moved for this long (its instance
 *     crashed or restarted) is marked FAILED
 */
@Validated
@ConfigurationProperties("lead.imports")
public record ImportSettings(
        @NotNull Path directory,
        @Min(1) @Max(10_000) int batchSize,
        @Min(0) @Max(50) int sampleRows,
        @NotNull Duration staleAfter) {}
