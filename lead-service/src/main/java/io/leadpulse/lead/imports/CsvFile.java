package io.leadpulse.lead.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reading an uploaded CSV file from disk, always streamed. {@link #inspect} checks the whole file
 * before a single row is written (so a fatal error leaves no partial import): not empty, text and
 * not binary, valid UTF-8 (a BOM is skipped), well-formed RFC 4180 (quoted fields may hold
 * delimiters, quotes and newlines); and it finds the delimiter, the first record, a sample and
 * the number of records.
 */
final class CsvFile {

    static final List<Character> DELIMITERS = List.of(',', ';', '\t');
    private static final int BINARY_PROBE = 8192;
    private static final Pattern EMAIL_LIKE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ()./-]{7,}");

    private CsvFile() {}

    /** What {@link #inspect} learnt; {@code records} counts the first record too. */
    record Inspection(char delimiter, List<String> first, List<List<String>> next, long records) {}

    static Inspection inspect(Path file, int sampleSize) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new ImportRejected(ImportRejected.Kind.EMPTY_FILE, "The file is empty (0 bytes).");
        }
        boolean bom = checkBytes(file);
        char delimiter = detectDelimiter(file, bom);
        List<String> first = null;
        List<List<String>> next = new ArrayList<>();
        long records = 0;
        try (Reader reader = open(file, bom);
                CSVParser parser = format(delimiter).parse(reader)) {
            try {
                for (CSVRecord record : parser) {
                    records++;
                    if (first == null) {
                        first = values(record);
                    } else if (next.size() < sampleSize) {
                        next.add(values(record));
                    }
                }
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                throw new ImportRejected(
                        ImportRejected.Kind.MALFORMED_CSV,
                        "The file is not valid CSV near line " + parser.getCurrentLineNumber() + ": " + rootMessage(e)
                                + ". Quote fields that hold the delimiter, quotes or newlines.",
                        Map.of("line", parser.getCurrentLineNumber()));
            }
        }
        if (first == null) {
            throw new ImportRejected(ImportRejected.Kind.EMPTY_FILE, "The file holds no CSV records.");
        }
        return new Inspection(delimiter, first, next, records);
    }

    /** The format for a delimiter: RFC 4180 quoting, empty lines ignored, records of any width. */
    static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setRecordSeparator("\r\n")
                .get();
    }

    /** A reader of the file's text, past the BOM if there is one. */
    static Reader open(Path file, boolean bom) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (bom) {
            in.skipNBytes(3);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
    }

    static boolean hasBom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            return head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        }
    }

    static List<String> values(CSVRecord record) {
        List<String> values = new ArrayList<>(record.size());
        record.forEach(values::add);
        return values;
    }

    /** A cell that is an email or a phone number: a header never looks like that. */
    static boolean looksLikeContact(String cell) {
        String value = cell.trim();
        if (EMAIL_LIKE.matcher(value).matches()) {
            return true;
        }
        return PHONE_LIKE.matcher(value).matches()
                && value.chars().filter(Character::isDigit).count() >= 7;
    }

    /**
     * One pass over the bytes: NUL bytes or many control characters mean binary; otherwise the first
     * invalid UTF-8 sequence is reported with its line and byte offset.
     *
     * @return whether the file starts with a UTF-8 BOM
     */
    private static boolean checkBytes(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            long offset = 0;
            long line = 1;
            int need = 0; // continuation bytes still expected
            int lo = 0x80, hi = 0xBF; // allowed range of the next continuation byte
            long sequenceStart = -1;
            long sequenceLine = 1;
            long badOffset = -1;
            long badLine = -1;
            int controls = 0;
            boolean bom = hasBom(file);
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++, offset++) {
                    int b = buffer[i] & 0xff;
                    if (b == 0) {
                        throw new ImportRejected(
                                ImportRejected.Kind.BINARY_FILE,
                                "The file is not a text CSV file: it contains NUL bytes (first at byte " + offset
                                        + "). Export the sheet as CSV (UTF-8) and upload that.",
                                Map.of("byte", offset));
                    }
                    if (b == '\n') {
                        line++;
                    }
                    if (offset < BINARY_PROBE && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                        controls++;
                    }
                    if (badOffset >= 0) {
                        continue;
                    }
                    if (need > 0) {
                        if (b < lo || b > hi) {
                            badOffset = sequenceStart;
                            badLine = sequenceLine;
                            continue;
                        }
                        need--;
                        lo = 0x80;
                        hi = 0xBF;
                        continue;
                    }
                    if (b < 0x80) {
                        continue;
                    }
                    sequenceStart = offset;
                    sequenceLine = line;
                    if (b >= 0xC2 && b <= 0xDF) {
                        need = 1;
                    } else if (b == 0xE0) {
                        need = 2;
                        lo = 0xA0;
                    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
                        need = 2;
                    } else if (b == 0xED) {
                        need = 2;
                        hi = 0x9F;
                    } else if (b == 0xF0) {
                        need = 3;
                        lo = 0x90;
                    } else if (b >= 0xF1 && b <= 0xF3) {
                        need = 3;
                    } else if (b == 0xF4) {
                        need = 3;
                        hi = 0x8F;
                    } else {
                        badOffset = offset;
                        badLine = line;
                    }
                }
                if (offset >= BINARY_PROBE && controls * 20 > BINARY_PROBE) {
                    break;
                }
            }
            long probed = Math.min(offset, BINARY_PROBE);
            if (controls > 0 && controls * 20 > probed) {
                throw new ImportRejected(
                        ImportRejected.Kind.BINARY_FILE,
                        "The file is not a text CSV file: it is full of control characters. Export the sheet as"
                                + " CSV (UTF-8) and upload that.");
            }
            if (badOffset < 0 && need > 0) {
                badOffset = sequenceStart;
                badLine = sequenceLine;
            }
            if (badOffset >= 0) {
                throw new ImportRejected(
                        ImportRejected.Kind.NOT_UTF8,
                        "The file is not UTF-8: invalid byte sequence on line " + badLine + " (byte offset " + badOffset
                                + "). Save it as \"CSV UTF-8\" and upload it again.",
                        Map.of("line", badLine, "byte", badOffset));
            }
            if (offset <= (bom ? 3 : 0)) {
                throw new ImportRejected(ImportRejected.Kind.EMPTY_FILE, "The file holds no text.");
            }
            return bom;
        }
    }

    /** The delimiter used most, outside quotes, on the first line: comma, semicolon or tab. */
    private static char detectDelimiter(Path file, boolean bom) throws IOException {
        int[] counts = new int[DELIMITERS.size()];
        try (Reader reader = open(file, bom)) {
            boolean quoted = false;
            int c;
            int read = 0;
            while ((c = reader.read()) >= 0 && read++ < (1 << 16)) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r') && read > 1) {
                    break;
                } else if (!quoted) {
                    int index = DELIMITERS.indexOf((char) c);
                    if (index >= 0) {
                        counts[index]++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return DELIMITERS.get(best);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
