package io.leadpulse.lead.imports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An import as the API shows it: the file's shape (delimiter, headers, a sample), the mapping from
 * CSV column to lead field, and the progress counts. {@code created + updated + skipped + failed}
 * is {@code processed}; {@code leftOut} rows were not imported because the plan's limit was reached.
 *
 * @param mapping CSV header (or {@code #n}, the n-th column, for a file without header) to lead
 *     field ({@code firstName, lastName, email, phone, company, tags})
 * @param suggestedMapping what the headers suggest
 * @param assigneeId who the created leads are assigned to (the rep who imported them), or null
 */
public record ImportJob(
        UUID id,
        UUID orgId,
        UUID startedBy,
        UUID assigneeId,
        String fileName,
        long fileSize,
        ImportStatus status,
        String delimiter,
        boolean hasHeader,
        List<String> headers,
        Map<String, String> mapping,
        Map<String, String> suggestedMapping,
        List<List<String>> sampleRows,
        ImportMode mode,
        long totalRows,
        long processed,
        long created,
        long updated,
        long skipped,
        long failed,
        long leftOut,
        int percent,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** The counts pushed live on {@code private-org-{id}}: no lead data (ADR 5). */
    public record Progress(
            UUID importId,
            ImportStatus status,
            long processed,
            long total,
            long created,
            long updated,
            long skipped,
            long failed,
            long leftOut) {}

    Progress progress() {
        return new Progress(id, status, processed, totalRows, created, updated, skipped, failed, leftOut);
    }
}
