package io.leadpulse.lead.imports;

import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.lead.usage.Quota;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.LeadImportEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports in the background, one virtual thread each. The file is streamed from disk and
 * written in batches ({@code lead.imports.batch-size} rows per transaction); each batch's
 * transaction holds its leads, their {@code lead.created} / {@code lead.updated} events, its rows
 * in errors.csv, its quota reservation and its {@code import.progress} message, so what the
 * organisation sees live is always what was committed. Memory stays constant: one batch of rows,
 * and duplicates inside the file are found through {@code lead_import_key}, not a set in memory.
 *
 * <p>A job whose instance died (crash, kill) stays RUNNING without progress; the sweep marks it
 * FAILED after {@code lead.imports.stale-after}. What it committed stays; uploading the file again
 * with SKIP_DUPLICATES imports the rest.
 */
@Component
class ImportProcessor implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);

    private final ImportRepository imports;
    private final ImportLeadRepository leads;
    private final Quota quota;
    private final Outbox outbox;
    private final OrgSettingsRepository orgSettings;
    private final LeadAudience audience;
    private final TransactionTemplate transactions;
    private final ImportSettings settings;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lead-import-", 0).factory());
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    ImportProcessor(
            ImportRepository imports,
            ImportLeadRepository leads,
            Quota quota,
            Outbox outbox,
            OrgSettingsRepository orgSettings,
            LeadAudience audience,
            TransactionTemplate transactions,
            ImportSettings settings) {
        this.imports = imports;
        this.leads = leads;
        this.quota = quota;
        this.outbox = outbox;
        this.orgSettings = orgSettings;
        this.audience = audience;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Starts a RUNNING job in the background. */
    void submit(UUID importId) {
        running.add(importId);
        workers.execute(() -> run(importId));
    }

    @Scheduled(fixedDelayString = "${lead.imports.sweep-interval:60s}", initialDelay = 0)
    void failStaleImports() {
        for (UUID id : imports.stale(settings.staleAfter())) {
            if (!running.contains(id)) {
                finish(
                        id,
                        ImportStatus.FAILED,
                        "The import was interrupted (the service stopped). The rows"
                                + " counted as processed were imported; upload the file again with SKIP_DUPLICATES"
                                + " to import the rest.");
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    private void run(UUID importId) {
        Path file = null;
        try {
            ImportJob job = imports.find(importId).orElseThrow();
            file = imports.file(importId).orElseThrow();
            log.info(
                    "import started: import={} org={} rows={} mode={}",
                    importId,
                    job.orgId(),
                    job.totalRows(),
                    job.mode());
            ImportStatus outcome = process(job, file);
            finish(
                    importId,
                    outcome,
                    outcome == ImportStatus.FAILED
                            ? "The service was stopped during the import. The rows counted as processed were imported;"
                                    + " upload the file again with SKIP_DUPLICATES to import the rest."
                            : null);
        } catch (Exception e) {
            log.error("import failed: import={} cause={}", importId, e.toString(), e);
            finish(
                    importId,
                    ImportStatus.FAILED,
                    "The import stopped on an unexpected error; the rows counted as" + " processed were imported.");
        } finally {
            running.remove(importId);
            deleteQuietly(file);
        }
    }

    private ImportStatus process(ImportJob job, Path file) throws IOException {
        ColumnMapping mapping = ColumnMapping.resolve(job.headers(), job.mapping());
        String region = orgSettings.phoneRegion(job.orgId());
        CSVFormat format = CsvFile.format(job.delimiter().charAt(0));
        int batchSize = settings.batchSize();
        try (Reader reader = CsvFile.open(file, CsvFile.hasBom(file));
                CSVParser parser = format.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (job.hasHeader() && records.hasNext()) {
                records.next();
            }
            List<ImportRow> batch = new ArrayList<>(batchSize);
            long batches = 0;
            while (records.hasNext()) {
                batch.clear();
                while (batch.size() < batchSize && records.hasNext()) {
                    CSVRecord record = records.next();
                    batch.add(ImportRow.of(record.getRecordNumber(), CsvFile.values(record), mapping, region));
                }
                if (stopping) {
                    return ImportStatus.FAILED;
                }
                if (imports.cancelRequested(job.id())) {
                    return ImportStatus.CANCELLED;
                }
                boolean stoppedAtQuota =
                        Boolean.TRUE.equals(transactions.execute(status -> writeBatch(job, batch, format)));
                if (stoppedAtQuota) {
                    return ImportStatus.STOPPED_AT_QUOTA;
                }
                // The lead table grows faster than autovacuum refreshes its statistics; planned on
                // stale ones (a table that looks empty), the lookup of existing leads reads the
                // whole organisation each batch. Refresh them as the import doubles its size.
                batches++;
                if (Long.bitCount(batches) == 1) {
                    leads.refreshStatistics();
                }
            }
        }
        return ImportStatus.COMPLETED;
    }

    /**
     * One batch in the caller's transaction.
     *
     * @return whether the plan's limit stopped it
     */
    private boolean writeBatch(ImportJob job, List<ImportRow> rows, CSVFormat format) {
        UUID importId = job.id();
        long t0 = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ImportRepository.RowError> errors = new ArrayList<>();
        long skipped = 0;

        List<ImportRow> valid = new ArrayList<>(rows.size());
        for (ImportRow row : rows) {
            if (row.valid()) {
                valid.add(row);
            } else {
                errors.add(error(row, row.error(), format));
            }
        }

        // Duplicates inside the file: the first row with an email or phone wins.
        List<String> keys = new ArrayList<>();
        List<Long> keyRows = new ArrayList<>();
        for (ImportRow row : valid) {
            if (row.email() != null) {
                keys.add("e:" + row.email());
                keyRows.add(row.row());
            }
            if (row.phone() != null) {
                keys.add("p:" + row.phone());
                keyRows.add(row.row());
            }
        }
        Map<String, Long> firstRows = imports.seenBefore(importId, keys, keyRows);
        long tKeys = System.nanoTime();
        List<ImportRow> unique = new ArrayList<>(valid.size());
        for (ImportRow row : valid) {
            Optional<String> duplicate = duplicateOf(row, firstRows);
            if (duplicate.isEmpty()) {
                unique.add(row);
            } else if (job.mode() == ImportMode.SKIP_DUPLICATES) {
                skipped++;
            } else {
                errors.add(error(row, duplicate.get(), format));
            }
        }

        // Against the organisation's leads.
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        for (ImportRow row : unique) {
            if (row.email() != null) {
                emails.add(row.email());
            }
            if (row.phone() != null) {
                phones.add(row.phone());
            }
        }
        Map<String, ImportLeadRepository.Existing> byEmail = new HashMap<>();
        Map<String, ImportLeadRepository.Existing> byPhone = new HashMap<>();
        for (ImportLeadRepository.Existing lead : leads.matching(job.orgId(), emails, phones)) {
            if (lead.email() != null) {
                byEmail.put(lead.email(), lead);
            }
            if (lead.phone() != null) {
                byPhone.put(lead.phone(), lead);
            }
        }

        long tMatch = System.nanoTime();
        List<ImportRow> toCreate = new ArrayList<>();
        List<ImportLeadRepository.Written> toUpdate = new ArrayList<>();
        List<List<String>> changedFields = new ArrayList<>();
        for (ImportRow row : unique) {
            ImportLeadRepository.Existing withEmail = row.email() == null ? null : byEmail.get(row.email());
            ImportLeadRepository.Existing withPhone = row.phone() == null ? null : byPhone.get(row.phone());
            switch (job.mode()) {
                case CREATE_ONLY -> {
                    if (withEmail != null) {
                        errors.add(error(row, "email: a lead with this email already exists", format));
                    } else if (withPhone != null) {
                        errors.add(error(row, "phone: a lead with this phone already exists", format));
                    } else {
                        toCreate.add(row);
                    }
                }
                case SKIP_DUPLICATES -> {
                    if (withEmail != null || withPhone != null) {
                        skipped++;
                    } else {
                        toCreate.add(row);
                    }
                }
                case UPSERT_BY_EMAIL, UPSERT_BY_PHONE -> {
                    boolean byEmailKey = job.mode() == ImportMode.UPSERT_BY_EMAIL;
                    ImportLeadRepository.Existing target = byEmailKey ? withEmail : withPhone;
                    ImportLeadRepository.Existing other = byEmailKey ? withPhone : withEmail;
                    String otherField = byEmailKey ? "phone" : "email";
                    String targetField = byEmailKey ? "email" : "phone";
                    if (target == null) {
                        if (other != null) {
                            errors.add(error(
                                    row, otherField + ": a lead with this " + otherField + " already exists", format));
                        } else {
                            toCreate.add(row);
                        }
                    } else if (other != null && !other.id().equals(target.id())) {
                        errors.add(error(
                                row,
                                otherField + ": belongs to another lead than the one with this " + targetField,
                                format));
                    } else if (job.assigneeId() != null && !job.assigneeId().equals(target.assigneeId())) {
                        errors.add(error(
                                row,
                                targetField + ": a lead with this " + targetField
                                        + " exists and is not assigned to you",
                                format));
                    } else {
                        ImportLeadRepository.Written merged = merge(target, row);
                        List<String> changed = changes(target, merged);
                        if (changed.isEmpty()) {
                            skipped++;
                        } else {
                            toUpdate.add(merged);
                            changedFields.add(changed);
                        }
                    }
                }
            }
        }

        // The plan's quota: take what is granted; the rest of the file is left out.
        int granted = quota.reserve(job.orgId(), toCreate.size());
        boolean stoppedAtQuota = granted < toCreate.size();
        List<ImportLeadRepository.Written> creates = new ArrayList<>(granted);
        for (ImportRow row : toCreate.subList(0, granted)) {
            creates.add(new ImportLeadRepository.Written(
                    UUID.randomUUID(),
                    row.firstName(),
                    row.lastName(),
                    row.email(),
                    row.phone(),
                    row.company(),
                    row.tags()));
        }
        long tQuota = System.nanoTime();
        Set<UUID> inserted = leads.insert(job.orgId(), job.assigneeId(), creates, now);
        long tInsert = System.nanoTime();
        int lost = 0;
        List<LeadEvent> events = new ArrayList<>(creates.size() + toUpdate.size());
        for (int i = 0; i < creates.size(); i++) {
            ImportLeadRepository.Written lead = creates.get(i);
            if (inserted.contains(lead.id())) {
                events.add(new LeadEvent.LeadCreated(
                        job.orgId(),
                        lead.id(),
                        lead.firstName(),
                        lead.lastName(),
                        lead.email(),
                        lead.phone(),
                        lead.company(),
                        "NEW",
                        job.assigneeId(),
                        lead.tags(),
                        "import",
                        job.startedBy(),
                        now));
            } else {
                // Created through the API since the lookup above.
                lost++;
                errors.add(error(
                        toCreate.get(i), "email or phone: a lead with this email or phone already exists", format));
            }
        }
        quota.release(job.orgId(), lost);

        leads.update(job.orgId(), toUpdate, now);
        for (int i = 0; i < toUpdate.size(); i++) {
            ImportLeadRepository.Written lead = toUpdate.get(i);
            events.add(new LeadEvent.LeadUpdated(
                    job.orgId(),
                    lead.id(),
                    lead.firstName(),
                    lead.lastName(),
                    lead.email(),
                    lead.phone(),
                    lead.company(),
                    lead.tags(),
                    changedFields.get(i),
                    job.startedBy(),
                    now));
        }
        // One statement for the batch's events: one round trip each was half of a batch's time.
        outbox.publishAll(events);
        long tEvents = System.nanoTime();

        imports.insertErrors(importId, errors);
        ImportJob after = imports.addProgress(importId, inserted.size(), toUpdate.size(), skipped, errors.size());
        outbox.publish(RealtimeMessage.of(
                job.orgId(), List.of(RealtimeMessage.Channels.org(job.orgId())), "import.progress", after.progress()));
        if (!inserted.isEmpty() || !toUpdate.isEmpty()) {
            // One message per batch (never per row) to those who may see the leads: the admins and
            // the rep the new leads are assigned to; lists refresh from it.
            List<String> channels = new ArrayList<>();
            audience.forOrg(job.orgId())
                    .adminIds()
                    .forEach(admin -> channels.add(RealtimeMessage.Channels.user(admin)));
            if (job.assigneeId() != null) {
                channels.add(RealtimeMessage.Channels.user(job.assigneeId()));
            }
            if (!channels.isEmpty()) {
                outbox.publish(RealtimeMessage.of(
                        job.orgId(),
                        channels,
                        "leads.imported",
                        new LeadsImported(importId, inserted.size(), toUpdate.size())));
            }
        }
        if (log.isDebugEnabled()) {
            long end = System.nanoTime();
            log.debug(
                    "import batch: import={} rows={} ms: keys={} match={} quota={} insert={} update-and-events={} rest={}",
                    importId,
                    rows.size(),
                    (tKeys - t0) / 1_000_000,
                    (tMatch - tKeys) / 1_000_000,
                    (tQuota - tMatch) / 1_000_000,
                    (tInsert - tQuota) / 1_000_000,
                    (tEvents - tInsert) / 1_000_000,
                    (end - tEvents) / 1_000_000);
        }
        return stoppedAtQuota;
    }

    /** A batch of leads was created or updated by an import. */
    record LeadsImported(UUID importId, int created, int updated) {}

    private static Optional<String> duplicateOf(ImportRow row, Map<String, Long> firstRows) {
        if (row.email() != null) {
            Long first = firstRows.get("e:" + row.email());
            if (first != null && first != row.row()) {
                return Optional.of("email: duplicate of row " + first + " in this file");
            }
        }
        if (row.phone() != null) {
            Long first = firstRows.get("p:" + row.phone());
            if (first != null && first != row.row()) {
                return Optional.of("phone: duplicate of row " + first + " in this file");
            }
        }
        return Optional.empty();
    }

    /** The row's values over the lead's; an empty cell keeps what the lead has; tags are added. */
    private static ImportLeadRepository.Written merge(ImportLeadRepository.Existing lead, ImportRow row) {
        Set<String> tags = new LinkedHashSet<>(lead.tags());
        tags.addAll(row.tags());
        return new ImportLeadRepository.Written(
                lead.id(),
                row.firstName(),
                row.lastName() != null ? row.lastName() : lead.lastName(),
                row.email() != null ? row.email() : lead.email(),
                row.phone() != null ? row.phone() : lead.phone(),
                row.company() != null ? row.company() : lead.company(),
                List.copyOf(tags));
    }

    private static List<String> changes(ImportLeadRepository.Existing before, ImportLeadRepository.Written after) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.firstName(), after.firstName())) {
            changed.add("firstName");
        }
        if (!Objects.equals(before.lastName(), after.lastName())) {
            changed.add("lastName");
        }
        if (!Objects.equals(before.email(), after.email())) {
            changed.add("email");
        }
        if (!Objects.equals(before.phone(), after.phone())) {
            changed.add("phone");
        }
        if (!Objects.equals(before.company(), after.company())) {
            changed.add("company");
        }
        if (!before.tags().equals(after.tags())) {
            changed.add("tags");
        }
        return changed;
    }

    private static ImportRepository.RowError error(ImportRow row, String message, CSVFormat format) {
        String record = format.format(row.values().toArray());
        return new ImportRepository.RowError(
                row.row(), record, message.length() > 500 ? message.substring(0, 500) : message);
    }

    /** Sets the final status with its event and messages, once. */
    void finish(UUID importId, ImportStatus status, String error) {
        Optional<ImportJob> finished = transactions.execute(tx -> {
            Optional<ImportJob> job = imports.finish(importId, status, error);
            job.ifPresent(done -> {
                imports.forgetKeys(importId);
                outbox.publish(new LeadImportEvent.ImportFinished(
                        done.orgId(),
                        done.id(),
                        done.startedBy(),
                        done.fileName(),
                        done.status().name(),
                        done.totalRows(),
                        done.created(),
                        done.updated(),
                        done.skipped(),
                        done.failed(),
                        done.finishedAt()));
                List<String> org = List.of(RealtimeMessage.Channels.org(done.orgId()));
                outbox.publish(RealtimeMessage.of(done.orgId(), org, "import.progress", done.progress()));
                outbox.publish(RealtimeMessage.of(done.orgId(), org, "import.finished", done.progress()));
            });
            return job;
        });
        if (finished != null) {
            finished.ifPresent(done -> log.info(
                    "import finished: import={} org={} status={} total={} created={} updated={} skipped={} failed={}"
                            + " leftOut={}",
                    done.id(),
                    done.orgId(),
                    done.status(),
                    done.totalRows(),
                    done.created(),
                    done.updated(),
                    done.skipped(),
                    done.failed(),
                    done.leftOut()));
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete an import file: {}", e.toString());
        }
    }
}
