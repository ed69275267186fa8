package io.countersign.core.importing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Walks a JSON-lines stream the strict way every import needs: a BOM and CRLF endings are accepted,
 * blank lines skipped, and a line that is not valid UTF-8, not one JSON value (duplicate keys
 * included), longer than {@link #MAX_LINE_BYTES} or nested deeper than {@link #MAX_DEPTH} becomes a
 * problem naming its line, while the other lines are still read. Memory stays bounded by one line:
 * an over-long line is skipped without being held.
 */
public final class JsonLines {

    /** A line may hold a 100 KB message even when every character is written as a 6-byte escape. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_DIGITS = 100;

    /** Receives each well-formed line. */
    @FunctionalInterface
    public interface LineHandler {
        void accept(long lineNo, JsonNode node);
    }

    /** Receives each line that could not be read. */
    @FunctionalInterface
    public interface ProblemHandler {
        void problem(long lineNo, String reason);
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .maxStringLength(MAX_LINE_BYTES)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonLines() {
    }

    /** The whole file in memory (small files: replies, tests). */
    public static void read(String source, byte[] bytes, List<ImportProblem> problems, LineHandler handler) {
        read(new ByteArrayInputStream(bytes), (line, reason) -> problems.add(new ImportProblem(source, line, reason)), handler);
    }

    /** Streams the lines of {@code in}, one at a time. */
    public static void read(InputStream in, ProblemHandler problems, LineHandler handler) {
        try {
            new Walker(in, problems, handler).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Walker {
        private final InputStream in;
        private final ProblemHandler problems;
        private final LineHandler handler;
        private final byte[] chunk = new byte[64 * 1024];
        private int chunkLen;
        private int chunkPos;
        private byte[] line = new byte[8 * 1024];
        private int lineLen;
        private long lineNo;

        Walker(InputStream in, ProblemHandler problems, LineHandler handler) {
            this.in = in;
            this.problems = problems;
            this.handler = handler;
        }

        void run() throws IOException {
            boolean first = true;
            boolean overLong = false;
            long overLongBytes = 0;
            while (fill()) {
                int start = chunkPos;
                int nl = -1;
                for (int i = chunkPos; i < chunkLen; i++) {
                    if (chunk[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                int end = nl < 0 ? chunkLen : nl;
                int n = end - start;
                if (!overLong && lineLen + n > MAX_LINE_BYTES) {
                    overLong = true;
                    overLongBytes = lineLen;
                    lineLen = 0;
                }
                if (overLong) {
                    overLongBytes += n;
                } else {
                    append(start, n);
                }
                chunkPos = nl < 0 ? chunkLen : nl + 1;
                if (nl >= 0) {
                    lineNo++;
                    if (overLong) {
                        problems.problem(lineNo, "line is " + overLongBytes / 1024 + " KB long, over the "
                                + MAX_LINE_BYTES / 1024 + " KB a draft may take; skipped");
                    } else {
                        int from = first ? bomLength(line, lineLen) : 0;
                        handle(from);
                    }
                    first = false;
                    overLong = false;
                    lineLen = 0;
                }
            }
            if (overLong || lineLen > 0) {
                lineNo++;
                if (overLong) {
                    problems.problem(lineNo, "line is " + overLongBytes / 1024 + " KB long, over the "
                            + MAX_LINE_BYTES / 1024 + " KB a draft may take; skipped");
                } else {
                    handle(first ? bomLength(line, lineLen) : 0);
                }
            }
        }

        private boolean fill() throws IOException {
            if (chunkPos < chunkLen) {
                return true;
            }
            chunkLen = in.read(chunk);
            chunkPos = 0;
            return chunkLen > 0;
        }

        private void append(int from, int n) {
            if (lineLen + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
            }
            System.arraycopy(chunk, from, line, lineLen, n);
            lineLen += n;
        }

        private void handle(int from) {
            int to = lineLen > from && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
            readLine(line, from, to, lineNo, problems, handler);
            if (line.length > 64 * 1024) {
                line = new byte[8 * 1024]; // do not keep one giant line's buffer for the rest of the file
            }
        }
    }

    private static void readLine(byte[] bytes, int from, int to, long lineNo, ProblemHandler problems,
                                 LineHandler handler) {
        String text;
        try {
            text = strictUtf8().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            problems.problem(lineNo, "invalid UTF-8 (line is not valid UTF-8 text)");
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (StreamConstraintsException e) {
            problems.problem(lineNo, constraintMessage(e));
            return;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StreamConstraintsException c) {
                problems.problem(lineNo, constraintMessage(c));
                return;
            }
            problems.problem(lineNo, "malformed JSON at column "
                    + (e.getLocation() == null ? 0 : e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage());
            return;
        }
        if (node == null) {
            return;
        }
        handler.accept(lineNo, node);
    }

    private static String constraintMessage(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("nesting depth")) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        if (m.contains("Number value length") || m.contains("number")) {
            return "a number has more than " + MAX_NUMBER_DIGITS + " digits";
        }
        if (m.contains("String value length")) {
            return "a string is longer than " + MAX_LINE_BYTES / 1024 + " KB";
        }
        return "too large to read: " + m;
    }

    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static int skipBom(byte[] bytes) {
        return bomLength(bytes, bytes.length);
    }

    private static int bomLength(byte[] bytes, int len) {
        return len >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    }
}
