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
        List<Draft> drafts = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        read(source, new java.io.ByteArrayInputStream(bytes), format, new Sink() {
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
    public static void read(String source, java.io.InputStream in, Format format, Sink sink) {
        Map<String, Long> firstLineOfId = new HashMap<>();
        if (format == Format.CSV) {
            readCsv(source, in, sink, firstLineOfId);
        } else {
            JsonLines.read(in, (line, reason) -> sink.problem(new ImportProblem(source, line, reason)),
                    (lineNo, node) -> accept(source, lineNo, node, sink, firstLineOfId));
        }
    }

    private static void readCsv(String source, java.io.InputStream in, Sink sink, Map<String, Long> firstLineOfId) {
        TrackingUtf8Reader text = new TrackingUtf8Reader(in);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(new java.io.BufferedReader(text, 64 * 1024), format)) {
            List<String> header = parser.getHeaderNames();
            long nextStart = parser.getCurrentLineNumber() + 1;
            var iterator = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!iterator.hasNext()) {
                        break;
                    }
                    record = iterator.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    sink.problem(new ImportProblem(source, nextStart, "malformed CSV, reading stopped here: "
                            + rootMessage(e)));
                    break;
                }
                long start = nextStart;
                long end = parser.getCurrentLineNumber();
                nextStart = end + 1;
                Long bad = text.badLines().ceiling(start);
                if (bad != null && bad <= Math.max(start, end)) {
                    sink.problem(new ImportProblem(source, start, "invalid UTF-8 on line " + bad));
                    continue;
                }
                if (!record.isConsistent()) {
                    sink.problem(new ImportProblem(source, start, "has " + record.size() + " fields but the header has "
                            + header.size()));
                    continue;
                }
                List<ImportProblem> problems = new ArrayList<>(1);
                JsonNode node = csvToJson(header, record, source, start, problems);
                problems.forEach(sink::problem);
                if (node != null) {
                    accept(source, start, node, sink, firstLineOfId);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            sink.problem(new ImportProblem(source, 1, "cannot read CSV header: " + rootMessage(e)));
        }
    }

    private static JsonNode csvToJson(List<String> header, CSVRecord record, String source, long line,
                                      List<ImportProblem> problems) {
        ObjectNode o = JSON.createObjectNode();
        for (String column : header) {
            String value = record.get(column);
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
