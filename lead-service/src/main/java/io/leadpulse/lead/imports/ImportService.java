package io.leadpulse.lead.imports;

import io.leadpulse.platform.web.security.CurrentUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * CSV imports as the API offers them. Who: an ADMIN imports and sees every import of its
 * organisation; a REP may import too, its new leads are assigned to it, it may update (upsert)
 * only leads assigned to it, and it sees only its own imports; another organisation's import is
 * not found.
 */
@Service
public class ImportService {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final int ERROR_PAGE = 1000;

    private final ImportRepository imports;
    private final ImportProcessor processor;
    private final ImportSettings settings;

    ImportService(ImportRepository imports, ImportProcessor processor, ImportSettings settings) {
        this.imports = imports;
        this.processor = processor;
        this.settings = settings;
    }

    /** A fresh path in the import directory for an upload to be written to. */
    public Path newUploadFile() {
        try {
            Files.createDirectories(settings.directory());
            return settings.directory().resolve(UUID.randomUUID() + ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the uploaded file as a whole and records the job; starts it unless {@code start} is
     * false. A file the import refuses is deleted and nothing is recorded.
     *
     * @param mapping header (or {@code #n}) to lead field; null or empty takes the suggestion
     * @throws ImportRejected for a file or mapping that cannot be imported
     */
    public ImportJob upload(
            CurrentUser actor,
            String fileName,
            Path file,
            Map<String, String> mapping,
            ImportMode mode,
            boolean start) {
        try {
            CsvFile.Inspection inspection = CsvFile.inspect(file, settings.sampleRows() + 1);
            List<String> first = inspection.first();
            boolean knownHeader =
                    first.stream().anyMatch(h -> LeadField.suggestedBy(h).isPresent());
            boolean looksLikeData = !knownHeader && first.stream().anyMatch(CsvFile::looksLikeContact);
            if (looksLikeData && !ColumnMapping.byPosition(mapping)) {
                throw new ImportRejected(
                        ImportRejected.Kind.NO_HEADER,
                        "The file has no header row: its first line looks like data (an email or phone number,"
                                + " no known column names). Add a header row (for example First Name,Last Name,"
                                + "Email,Phone,Company,Tags), or give the mapping by column number, for example"
                                + " {\"#1\": \"firstName\", \"#2\": \"email\"}.",
                        Map.of("line", 1));
            }
            boolean hasHeader = !looksLikeData;
            List<String> headers = hasHeader ? named(first) : positions(first.size());
            long total = inspection.records() - (hasHeader ? 1 : 0);
            if (total <= 0) {
                throw new ImportRejected(
                        ImportRejected.Kind.NO_ROWS, "The file has a header row but no rows to import.");
            }
            List<List<String>> sample = new ArrayList<>();
            if (!hasHeader) {
                sample.add(first);
            }
            sample.addAll(inspection.next());
            sample = sample.subList(0, Math.min(sample.size(), settings.sampleRows())).stream()
                    .map(ImportService::shorten)
                    .toList();
            Map<String, String> effective =
                    mapping == null || mapping.isEmpty() ? ColumnMapping.suggest(headers) : mapping;
            check(headers, effective, start);
            UUID id = UUID.randomUUID();
            imports.insert(new ImportRepository.NewImport(
                    id,
                    actor.orgId(),
                    actor.id(),
                    actor.isAdmin() ? null : actor.id(),
                    fileName == null || fileName.isBlank() ? "import.csv" : truncate(fileName, 255),
                    file,
                    Files.size(file),
                    start ? ImportStatus.RUNNING : ImportStatus.ANALYSED,
                    inspection.delimiter(),
                    hasHeader,
                    headers,
                    sample,
                    effective,
                    mode == null ? ImportMode.CREATE_ONLY : mode,
                    total));
            log.info(
                    "import accepted: import={} org={} user={} rows={} started={}",
                    id,
                    actor.orgId(),
                    actor.id(),
                    total,
                    start);
            if (start) {
                processor.submit(id);
            }
            return imports.find(id).orElseThrow();
        } catch (ImportRejected e) {
            ImportProcessor.deleteQuietly(file);
            log.info(
                    "import refused: org={} user={} reason={}",
                    actor.orgId(),
                    actor.id(),
                    e.kind().slug());
            throw e;
        } catch (IOException e) {
            ImportProcessor.deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            ImportProcessor.deleteQuietly(file);
            throw e;
        }
    }

    public Optional<ImportJob> find(CurrentUser actor, UUID id) {
        return imports.find(actor.orgId(), id).filter(job -> maySee(actor, job));
    }

    public List<ImportJob> recent(CurrentUser actor, int limit) {
        return imports.recent(actor.orgId(), actor.isAdmin() ? null : actor.id(), limit);
    }

    /** Overrides the mapping and mode of a job not started yet. */
    public Optional<ImportJob> changeMapping(CurrentUser actor, UUID id, Map<String, String> mapping, ImportMode mode) {
        return find(actor, id).map(job -> {
            Map<String, String> effective = mapping == null ? job.mapping() : mapping;
            check(job.headers(), effective, false);
            if (!imports.updateMapping(id, effective, mode == null ? job.mode() : mode)) {
                throw notStartable(job);
            }
            return imports.find(id).orElseThrow();
        });
    }

    /** Starts a job that was only analysed; its mapping must name the required fields. */
    public Optional<ImportJob> start(CurrentUser actor, UUID id) {
        return find(actor, id).map(job -> {
            check(job.headers(), job.mapping(), true);
            if (!imports.markRunning(id)) {
                throw notStartable(job);
            }
            processor.submit(id);
            log.info("import started by request: import={} user={}", id, actor.id());
            return imports.find(id).orElseThrow();
        });
    }

    /** Cancels at once if not started, else after the batch being written. */
    public Optional<ImportJob> cancel(CurrentUser actor, UUID id) {
        return find(actor, id).map(job -> {
            imports.requestCancel(id);
            if (job.status() == ImportStatus.ANALYSED) {
                imports.file(id).ifPresent(ImportProcessor::deleteQuietly);
            }
            log.info("import cancel requested: import={} user={}", id, actor.id());
            return imports.find(id).orElseThrow();
        });
    }

    /** Writes errors.csv: the file's header and each refused row as it was, plus an {@code error} column. */
    public void writeErrors(ImportJob job, Writer out) throws IOException {
        CSVFormat format = CsvFile.format(job.delimiter().charAt(0));
        List<String> header = new ArrayList<>(job.headers());
        header.add("error");
        out.write(format.format(header.toArray()));
        out.write("\r\n");
        long after = 0;
        List<ImportRepository.RowError> page;
        do {
            page = imports.errors(job.id(), after, ERROR_PAGE);
            for (ImportRepository.RowError error : page) {
                out.write(error.record());
                out.write(format.getDelimiterString());
                try (CSVPrinter cell = new CSVPrinter(new StringBuilder(), format)) {
                    cell.print(error.error());
                    out.write(cell.getOut().toString());
                }
                out.write("\r\n");
                after = error.row();
            }
            out.flush();
        } while (page.size() == ERROR_PAGE);
    }

    private static void check(List<String> headers, Map<String, String> mapping, boolean mustBeComplete) {
        try {
            ColumnMapping.resolve(headers, mapping);
        } catch (ImportRejected e) {
            if (mustBeComplete || e.kind() != ImportRejected.Kind.MISSING_COLUMN) {
                throw e;
            }
        }
    }

    private static ImportRejected notStartable(ImportJob job) {
        return new ImportRejected(
                ImportRejected.Kind.NOT_STARTABLE,
                "The import is " + job.status() + "; only an import that was analysed and not started can be"
                        + " changed or started.");
    }

    private static boolean maySee(CurrentUser actor, ImportJob job) {
        return actor.isAdmin() || actor.id().equals(job.startedBy());
    }

    private static List<String> named(List<String> first) {
        List<String> headers = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            String header = first.get(i).trim();
            headers.add(header.isEmpty() ? "#" + (i + 1) : truncate(header, 100));
        }
        return headers;
    }

    private static List<String> positions(int width) {
        List<String> headers = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
            headers.add("#" + i);
        }
        return headers;
    }

    private static List<String> shorten(List<String> row) {
        return row.stream().map(cell -> truncate(cell, 200)).toList();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
