package io.countersign.core.replies;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.draft.Channel;
import io.countersign.core.importing.ImportProblem;
import io.countersign.core.importing.JsonLines;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies from JSON lines: {@code {"channel":"email"|"linkedin", "from":"dana@x.example" or a
 * profile URL, "leadId":"…", "text":"…", "receivedAt":"2026-11-25T09:00:00Z", "id":"…"}} with
 * channel, text and one of from/leadId required. A bad line is reported with its number; the
 * others are read.
 */
public final class ReplyFileReader {

    /** The replies read and the lines that could not be. */
    public record Result(List<Reply> replies, List<ImportProblem> problems) {
    }

    /** Longer texts are not replies a person typed; they are refused rather than scanned. */
    static final int MAX_TEXT_CHARS = 200_000;

    private ReplyFileReader() {
    }

    public static Result read(String source, byte[] bytes) {
        List<Reply> replies = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        JsonLines.read(source, bytes, problems, (lineNo, node) -> {
            String problem = check(node);
            if (problem != null) {
                problems.add(new ImportProblem(source, lineNo, problem));
                return;
            }
            Instant at = null;
            if (node.hasNonNull("receivedAt")) {
                try {
                    at = Instant.parse(node.get("receivedAt").asText());
                } catch (DateTimeParseException e) {
                    problems.add(new ImportProblem(source, lineNo, "receivedAt: '" + node.get("receivedAt").asText()
                            + "' is not a UTC time like 2026-11-25T09:00:00Z"));
                    return;
                }
            }
            replies.add(new Reply(text(node, "id"), Channel.fromWireName(node.get("channel").asText()).orElseThrow(),
                    text(node, "from"), text(node, "leadId"), node.get("text").asText(), at));
        });
        return new Result(replies, problems);
    }

    private static String check(JsonNode node) {
        if (!node.isObject()) {
            return "expected a JSON object";
        }
        for (String field : List.of("id", "channel", "from", "leadId", "text", "receivedAt")) {
            if (node.has(field) && !node.get(field).isNull() && !node.get(field).isTextual()) {
                return field + ": expected a string";
            }
        }
        if (!node.hasNonNull("channel") || Channel.fromWireName(node.get("channel").asText()).isEmpty()) {
            return "channel: expected email or linkedin";
        }
        if (!node.hasNonNull("text")) {
            return "text: missing";
        }
        if (node.get("text").asText().length() > MAX_TEXT_CHARS) {
            return "text: longer than " + MAX_TEXT_CHARS + " characters";
        }
        if (text(node, "from").isBlank() && text(node, "leadId").isBlank()) {
            return "from or leadId: one is needed to know who replied";
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : "";
    }
}
