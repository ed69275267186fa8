package io.countersign.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A stored audit event: its canonical line (the bytes that are hashed and exported) and the chain
 * hash that links it to every entry before it.
 */
public record AuditEntry(long seq, Instant ts, String type, String actorKind, String actorId,
                         String draftId, String line, byte[] chainHash) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event as a JSON tree, for display and reports. */
    public JsonNode json() {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException("audit entry " + seq + " is not JSON", e));
        }
    }

    public String text(String member) {
        JsonNode node = json().get(member);
        return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
    }
}
