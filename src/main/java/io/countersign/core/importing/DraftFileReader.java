package io.countersign.core.importing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.draft.Draft;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads drafts from JSONL (one JSON object per line) or CSV (flattened headers such as
 * {@code lead.name}, claims as a JSON array in one column). A bad record is reported with its line
 * number and reason and never stops the rest of the file from being read.
 */
public final class DraftFileReader {

    public enum Format {
        JSONL, CSV;

        /** Guesses the format from a file name, else from the first non-blank byte. */
        public static Format detect(String name, byte[] bytes) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv")) {
                return CSV;
            }
            if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
                return JSONL;
            }
            for (byte b : bytes) {
                if (!Character.isWhitespace(b)) {
                    return b == '{' ? JSONL : CSV;
                }
            }
            return JSONL;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DraftFileReader() {
    }

    /** Receives what a streamed read finds, in file order. */
    public interface Sink {
        void draft(long line, Draft draft);

        void problem(ImportProblem problem);
    }

    /** Reads a whole file held in memory (small files, tests). */
    public static ParsedFile read(String source, byte[] bytes, Format format) {
        return collect(source, new java.io.ByteArrayInputStream(bytes), format);
    }

    /** Reads a stream into a list of drafts and problems (small inputs: the list holds every draft). */
    public static ParsedFile collect(String source, java.io.InputStream in, Format format) {
        List<Draft> drafts = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        read(source, in, format, new Sink() {
            @Override
            public void draft(long line, Draft draft) {
                drafts.add(draft);
            }

            @Override
            public void problem(ImportProblem problem) {
                problems.add(problem);
            }
        });
        return new ParsedFile(source, drafts, problems);
    }

    /**
     * Streams a drafts file: memory is bounded by one record (plus the ids seen, to refuse
     * duplicates within the file), whatever the file's size.
     */
    public static void read(String source, java.io.InputStream raw, Format format, Sink sink) {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 64 * 1024);
        String encoding = wrongEncoding(in);
        if (encoding != null) {
            sink.problem(new ImportProblem(source, 1, "file is " + encoding + "; save it as UTF-8 and import it again"));
            return;
        }
        Map<String, Long> firstLineOfId = new HashMap<>();
        if (format == Format.CSV) {
            readCsv(source, in, sink, firstLineOfId);
        } else {
            JsonLines.read(in, (line, reason) -> sink.problem(new ImportProblem(source, line, reason)),
                    (lineNo, node) -> accept(source, lineNo, node, sink, firstLineOfId));
        }
    }

    /**
     * Names the encoding of a file that is plainly not UTF-8 (a UTF-16 or UTF-32 byte order mark, or
     * the zero bytes every other position that UTF-16 gives ASCII text), else null. Reading such a
     * file as UTF-8 would report every line as broken for a reason the user cannot act on.
     */
    static String wrongEncoding(java.io.BufferedInputStream in) {
        byte[] head;
        try {
            in.mark(4096);
            head = in.readNBytes(4096);
            in.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = head.length;
        int b0 = n > 0 ? head[0] & 0xff : -1;
        int b1 = n > 1 ? head[1] & 0xff : -1;
        if (n >= 4 && b0 == 0xFF && b1 == 0xFE && head[2] == 0 && head[3] == 0) {
            return "UTF-32 (little-endian byte order mark)";
        }
        if (n >= 4 && b0 == 0 && b1 == 0 && (head[2] & 0xff) == 0xFE && (head[3] & 0xff) == 0xFF) {
            return "UTF-32 (big-endian byte order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16 (little-endian byte order mark)";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16 (big-endian byte order mark)";
        }
        int evenZeros = 0;
        int oddZeros = 0;
        int pairs = n / 2;
        for (int i = 0; i + 1 < n; i += 2) {
            evenZeros += head[i] == 0 ? 1 : 0;
            oddZeros += head[i + 1] == 0 ? 1 : 0;
        }
        if (pairs >= 8 && oddZeros * 10 >= pairs * 9 && evenZeros == 0) {
            return "UTF-16 (little-endian, no byte order mark)";
        }
        if (pairs >= 8 && evenZeros * 10 >= pairs * 9 && oddZeros == 0) {
            return "UTF-16 (big-endian, no byte order mark)";
        }
        return null;
    }

    private static final CSVFormat CSV_RECORD = CSVFormat.DEFAULT.builder().setTrim(false).get();

    /**
     * CSV read record by record ({@link CsvRecords} cuts the stream first), so a stray quote, a bad
     * byte or a wrong field count costs only its own record.
     */
    private static void readCsv(String source, java.io.InputStream in, Sink sink, Map<String, Long> firstLineOfId) {
        CsvDrafts drafts = new CsvDrafts(source, sink, firstLineOfId);
        new CsvRecords(in, new CsvRecords.Sink() {
            @Override
            public boolean record(CsvRecords.Raw raw) {
                String refusal = drafts.read(raw);
                if (refusal == null) {
                    return true;
                }
                // A record over several lines that cannot even be read as one record most likely holds
                // a stray quote that joined it to the records after it: read again from its second
                // line, so they arrive. One that reads fine but is refused for what it says (a
                // duplicate id, a missing subject) is only itself.
                boolean again = raw.endLine() > raw.line() && drafts.structural;
                sink.problem(new ImportProblem(source, raw.line(), refusal + (again ? " (the record runs to line " + raw.endLine()
                        + ": a stray quote?); record skipped, reading resumes on line " + (raw.line() + 1) : "")));
                return !again;
            }

            @Override
            public void problem(long line, String reason) {
                sink.problem(new ImportProblem(source, line, reason));
            }
        }).run();
    }

    /** Turns raw CSV records into drafts: the first is the header. */
    private static final class CsvDrafts {
        private final String source;
        private final Sink sink;
        private final Map<String, Long> firstLineOfId;
        private List<String> header;

        CsvDrafts(String source, Sink sink, Map<String, Long> firstLineOfId) {
            this.source = source;
            this.sink = sink;
            this.firstLineOfId = firstLineOfId;
        }

        /** Whether the last refusal was about the record's shape (not what its fields say). */
        boolean structural;

        /** Reads one record: null when it was used (a draft, the header, a blank line), else why not. */
        String read(CsvRecords.Raw raw) {
            structural = true;
            String refusal = readRecord(raw);
            if (refusal != null && header == null) {
                header = List.of(); // an unreadable header: no record can be read against it
                return "header: " + refusal + "; no records read";
            }
            return refusal;
        }

        private String readRecord(CsvRecords.Raw raw) {
            byte[] bytes = raw.line() == 1 ? withoutBom(raw.bytes()) : raw.bytes();
            String text = decodeUtf8(bytes);
            if (text == null) {
                return "invalid UTF-8 on line " + (raw.line() + linesBefore(bytes, firstInvalidUtf8(bytes)));
            }
            if (text.isBlank()) {
                return null;
            }
            List<String> fields;
            try {
                List<CSVRecord> records = CSVParser.parse(text, CSV_RECORD).getRecords();
                if (records.size() != 1) {
                    return "malformed CSV: the record reads as " + records.size() + " records";
                }
                fields = records.get(0).toList();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                String m = rootMessage(e);
                return "malformed CSV: " + (m.contains("encapsulated token")
                        ? "a quote inside a quoted field must be written twice (\"\")" : m);
            }
            if (header == null) {
                String bad = headerProblem(fields);
                header = bad == null ? fields : List.of(); // with an unusable header, no record is read
                if (bad != null) {
                    sink.problem(new ImportProblem(source, raw.line(), bad));
                }
                return null;
            }
            if (fields.size() == header.size()) {
                structural = false;
            }
            if (header.isEmpty()) {
                return null;
            }
            if (fields.size() != header.size()) {
                return "has " + fields.size() + " fields but the header has " + header.size();
            }
            for (int i = 0; i < fields.size(); i++) {
                int c = firstControl(fields.get(i));
                if (c >= 0) {
                    return header.get(i) + ": control character U+"
                            + String.format(Locale.ROOT, "%04X", (int) fields.get(i).charAt(c)) + " is not allowed";
                }
            }
            List<ImportProblem> problems = new ArrayList<>(1);
            JsonNode node = csvToJson(header, fields, source, raw.line(), problems);
            if (node == null) {
                return problems.isEmpty() ? "unreadable record" : problems.get(0).reason();
            }
            String[] refused = new String[1];
            structural = false;
            accept(source, raw.line(), node, new Sink() {
                @Override
                public void draft(long line, Draft draft) {
                    sink.draft(line, draft);
                }

                @Override
                public void problem(ImportProblem problem) {
                    refused[0] = problem.reason();
                }
            }, firstLineOfId);
            // A line break in a one-line field (an id, a name) means the record swallowed the next one.
            structural = refused[0] != null && refused[0].contains("must be one line");
            return refused[0];
        }
    }

    /** Why a header row cannot be used, or null. */
    private static String headerProblem(List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (firstControl(name) >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                return "header: column " + (i + 1) + " holds control or line-break characters; no records read";
            }
            if (name.isEmpty()) {
                return "header: column " + (i + 1) + " has no name; no records read";
            }
            Integer earlier = seen.putIfAbsent(name, i + 1);
            if (earlier != null) {
                return "header: column '" + name + "' appears twice (columns " + earlier + " and " + (i + 1) + "); no records read";
            }
        }
        return null;
    }

    /** Index of the first C0 control character other than tab, line feed and carriage return, or -1. */
    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] withoutBom(byte[] b) {
        int n = JsonLines.skipBom(b);
        return n == 0 ? b : java.util.Arrays.copyOfRange(b, n, b.length);
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return JsonLines.strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int firstInvalidUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = JsonLines.strictUtf8().decode(in, out, true);
        return r.isError() ? in.position() : 0;
    }

    private static long linesBefore(byte[] bytes, int offset) {
        long n = 0;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static JsonNode csvToJson(List<String> header, List<String> record, String source, long line,
                                      List<ImportProblem> problems) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip();
            String value = record.get(i);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (column.equals("claims")) {
                try {
                    o.set("claims", JSON.readTree(value));
                } catch (JsonProcessingException e) {
                    problems.add(new ImportProblem(source, line, "claims: not a JSON array: " + e.getOriginalMessage()));
                    return null;
                }
                continue;
            }
            int dot = column.indexOf('.');
            if (dot > 0 && (column.startsWith("lead.") || column.startsWith("research."))) {
                String parent = column.substring(0, dot);
                ObjectNode nested = o.has(parent) && o.get(parent).isObject() ? (ObjectNode) o.get(parent) : o.putObject(parent);
                nested.put(column.substring(dot + 1), value);
            } else {
                o.put(column, value);
            }
        }
        return o;
    }

    private static void accept(String source, long lineNo, JsonNode node, Sink sink, Map<String, Long> firstLineOfId) {
        DraftCodec.Result result = DraftCodec.fromJson(node);
        if (!result.ok()) {
            sink.problem(new ImportProblem(source, lineNo, String.join("; ", result.errors())));
            return;
        }
        Long earlier = firstLineOfId.putIfAbsent(result.draft().id(), lineNo);
        if (earlier != null) {
            sink.problem(new ImportProblem(source, lineNo, "duplicate id '" + result.draft().id()
                    + "' (first seen on line " + earlier + ")"));
            return;
        }
        sink.draft(lineNo, result.draft());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
