package io.leadpulse.lead.imports;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** CSV import: upload (multipart, written to disk, never held in memory), mapping, progress, errors.csv. */
@RestController
@RequestMapping("/api/leads/imports")
class ImportController {

    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

    private final ImportService imports;
    private final JsonMapper json;

    ImportController(ImportService imports, JsonMapper json) {
        this.imports = imports;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob> upload(
            CurrentUser user,
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "mapping", required = false) String mapping,
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "start", defaultValue = "true") boolean start) {
        if (file == null) {
            throw ApiProblem.invalidField("file", "a CSV file is required (multipart part 'file')");
        }
        Map<String, String> parsedMapping = parseMapping(mapping);
        ImportMode parsedMode = parseMode(mode);
        Path target = imports.newUploadFile();
        try {
            file.transferTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImportJob job = imports.upload(user, file.getOriginalFilename(), target, parsedMapping, parsedMode, start);
        return ResponseEntity.accepted()
                .location(URI.create("/api/leads/imports/" + job.id()))
                .body(job);
    }

    @GetMapping
    Map<String, List<ImportJob>> recent(
            CurrentUser user, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return Map.of("items", imports.recent(user, limit));
    }

    @GetMapping("/{id}")
    ImportJob get(CurrentUser user, @PathVariable UUID id) {
        return imports.find(user, id).orElseThrow(() -> notFound(id));
    }

    record MappingRequest(Map<String, String> mapping, String mode) {}

    @PutMapping("/{id}/mapping")
    ImportJob changeMapping(CurrentUser user, @PathVariable UUID id, @RequestBody MappingRequest request) {
        return imports.changeMapping(user, id, request.mapping(), parseMode(request.mode()))
                .orElseThrow(() -> notFound(id));
    }

    @PostMapping("/{id}/start")
    ResponseEntity<ImportJob> start(CurrentUser user, @PathVariable UUID id) {
        return ResponseEntity.accepted().body(imports.start(user, id).orElseThrow(() -> notFound(id)));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<ImportJob> cancel(CurrentUser user, @PathVariable UUID id) {
        return ResponseEntity.accepted().body(imports.cancel(user, id).orElseThrow(() -> notFound(id)));
    }

    @GetMapping("/{id}/errors.csv")
    ResponseEntity<StreamingResponseBody> errors(CurrentUser user, @PathVariable UUID id) {
        ImportJob job = imports.find(user, id).orElseThrow(() -> notFound(id));
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            imports.writeErrors(job, writer);
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("import-" + id + "-errors.csv")
                                .build()
                                .toString())
                .body(body);
    }

    @ExceptionHandler(ImportRejected.class)
    ProblemDetail rejected(ImportRejected e) {
        HttpStatus status = HttpStatus.valueOf(e.kind().status());
        return new ApiProblem(status, e.kind().slug(), title(e.kind()), e.getMessage(), e.properties())
                .toProblemDetail();
    }

    private Map<String, String> parseMapping(String mapping) {
        if (mapping == null || mapping.isBlank()) {
            return null;
        }
        try {
            return json.readValue(mapping, MAPPING);
        } catch (JacksonException e) {
            throw ApiProblem.invalidField(
                    "mapping", "must be a JSON object of CSV header to lead field, e.g. {\"E-mail\": \"email\"}");
        }
    }

    private static ImportMode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return null;
        }
        try {
            return ImportMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(
                    "mode", "must be one of CREATE_ONLY, UPSERT_BY_EMAIL, UPSERT_BY_PHONE, SKIP_DUPLICATES");
        }
    }

    private static String title(ImportRejected.Kind kind) {
        return switch (kind) {
            case EMPTY_FILE -> "Empty file";
            case BINARY_FILE -> "Not a text file";
            case NOT_UTF8 -> "Not UTF-8";
            case MALFORMED_CSV -> "Malformed CSV";
            case NO_ROWS -> "No rows";
            case NO_HEADER -> "No header row";
            case INVALID_MAPPING -> "Invalid request";
            case MISSING_COLUMN -> "Missing required column";
            case NOT_STARTABLE -> "Conflict";
        };
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("Import " + id);
    }
}
