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

    public static ParsedFile read(String source, byte[] bytes, Format format) {
        return format == Format.CSV ? readCsv(source, bytes) : readJsonl(source, bytes);
    }

    static ParsedFile readJsonl(String source, byte[] bytes) {
        List<Draft> drafts = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        Map<String, Long> firstLineOfId = new HashMap<>();
        JsonLines.read(source, bytes, problems, (lineNo, node) -> accept(source, lineNo, node, drafts, problems, firstLineOfId));
        return new ParsedFile(source, drafts, problems);
    }

    static ParsedFile readCsv(String source, byte[] bytes) {
        List<Draft> drafts = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        Map<String, Long> firstLineOfId = new HashMap<>();
        TreeSet<Long> badUtf8Lines = invalidUtf8Lines(bytes);
        int bom = skipBom(bytes);
        String text = new String(bytes, bom, bytes.length - bom, StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
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
                    problems.add(new ImportProblem(source, nextStart, "malformed CSV, reading stopped here: "
                            + rootMessage(e)));
                    break;
                }
                long start = nextStart;
                long end = parser.getCurrentLineNumber();
                nextStart = end + 1;
                Long bad = badUtf8Lines.ceiling(start);
                if (bad != null && bad <= Math.max(start, end)) {
                    problems.add(new ImportProblem(source, start, "invalid UTF-8 on line " + bad));
                    continue;
                }
                if (!record.isConsistent()) {
                    problems.add(new ImportProblem(source, start, "has " + record.size() + " fields but the header has "
                            + header.size()));
                    continue;
                }
                JsonNode node = csvToJson(header, record, source, start, problems);
                if (node != null) {
                    accept(source, start, node, drafts, problems, firstLineOfId);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            problems.add(new ImportProblem(source, 1, "cannot read CSV header: " + rootMessage(e)));
        }
        return new ParsedFile(source, drafts, problems);
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

    private static void accept(String source, long lineNo, JsonNode node, List<Draft> drafts,
                               List<ImportProblem> problems, Map<String, Long> firstLineOfId) {
        DraftCodec.Result result = DraftCodec.fromJson(node);
        if (!result.ok()) {
            problems.add(new ImportProblem(source, lineNo, String.join("; ", result.errors())));
            return;
        }
        Long earlier = firstLineOfId.putIfAbsent(result.draft().id(), lineNo);
        if (earlier != null) {
            problems.add(new ImportProblem(source, lineNo, "duplicate id '" + result.draft().id()
                    + "' (first seen on line " + earlier + ")"));
            return;
        }
        drafts.add(result.draft());
    }

    /** 1-based numbers of the lines that hold bytes which are not valid UTF-8. */
    static TreeSet<Long> invalidUtf8Lines(byte[] bytes) {
        TreeSet<Long> bad = new TreeSet<>();
        int start = 0;
        long line = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    strictUtf8().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    bad.add(line);
                }
                start = i + 1;
                line++;
            }
        }
        return bad;
    }

    private static CharsetDecoder strictUtf8() {
        return JsonLines.strictUtf8();
    }

    private static int skipBom(byte[] bytes) {
        return JsonLines.skipBom(bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
