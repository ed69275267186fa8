package io.countersign.core.importing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Walks a JSON-lines file the strict way every import needs: a BOM and CRLF endings are accepted,
 * blank lines skipped, and a line that is not valid UTF-8 or not one JSON value (duplicate keys
 * included) becomes a problem naming its line, while the other lines are still read.
 */
public final class JsonLines {

    /** Receives each well-formed line. */
    @FunctionalInterface
    public interface LineHandler {
        void accept(long lineNo, JsonNode node);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLines() {
    }

    public static void read(String source, byte[] bytes, List<ImportProblem> problems, LineHandler handler) {
        int lineStart = skipBom(bytes);
        long lineNo = 0;
        while (lineStart < bytes.length) {
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            lineNo++;
            int contentEnd = lineEnd > lineStart && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            readLine(source, bytes, lineStart, contentEnd, lineNo, problems, handler);
            lineStart = lineEnd + 1;
        }
    }

    private static void readLine(String source, byte[] bytes, int from, int to, long lineNo, List<ImportProblem> problems,
                                 LineHandler handler) {
        String text;
        try {
            text = strictUtf8().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new ImportProblem(source, lineNo, "invalid UTF-8 (line is not valid UTF-8 text)"));
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new ImportProblem(source, lineNo, "malformed JSON at column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
            return;
        }
        handler.accept(lineNo, node);
    }

    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static int skipBom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    }
}
