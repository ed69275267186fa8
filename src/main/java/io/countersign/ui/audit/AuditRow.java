package io.countersign.ui.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEventType;

/** One audit entry flattened for the table: who, what, on which draft, and a one-line summary. */
public record AuditRow(long seq, String time, String actor, String type, String draftId, String identity,
                       String summary, String line) {

    /** Millisecond precision for reading; the exact nanosecond timestamp stays in the stored line. */
    private static final java.time.format.DateTimeFormatter DISPLAY_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);

    /**
     * Everything shown comes from the entry's line — what the chain and the checkpoints cover — not
     * from the look-up columns beside it, which someone could change without breaking the chain.
     */
    public static AuditRow of(AuditEntry e) {
        JsonNode j = e.json();
        String wireType = text(j, "type");
        AuditEventType type = AuditEventType.fromWireName(wireType).orElse(null);
        String summary = type == null ? text(j, "result") : switch (type) {
            case DRAFT_APPROVED -> "approved by " + text(j, "approvedBy") + decisionSuffix(j);
            case DRAFT_REJECTED -> "rejected: " + text(j, "reason");
            case DRAFT_EDITED -> "edited" + (j.hasNonNull("note") ? " (" + text(j, "note") + ")" : "") + decisionSuffix(j);
            case DRAFT_EVALUATED -> text(j, "decision") + reasonsSuffix(j);
            case DRAFT_IMPORTED -> "imported from " + text(j, "source");
            case POLICY_CHANGED -> (text(j, "previousPolicyVersion").isEmpty() ? "policy activated: "
                    : "policy changed from " + text(j, "previousPolicyVersion") + " to ") + text(j, "policyVersion");
            case SUPPRESSION_ADDED -> "do-not-contact: " + text(j, "kind") + " " + text(j, "value") + " (" + text(j, "reason") + ")";
            default -> text(j, "result");
        };
        java.time.Instant at;
        try {
            at = java.time.Instant.parse(text(j, "ts"));
        } catch (java.time.format.DateTimeParseException notATime) {
            at = e.ts();
        }
        JsonNode actor = j.path("actor");
        return new AuditRow(j.path("seq").asLong(e.seq()), DISPLAY_TIME.format(at), text(actor, "kind") + ":" + text(actor, "id"),
                wireType, text(j, "draftId"), text(j, "identityId"), summary, e.line());
    }

    private static String decisionSuffix(JsonNode j) {
        return j.hasNonNull("decision") ? " → " + text(j, "decision") : "";
    }

    private static String reasonsSuffix(JsonNode j) {
        JsonNode reasons = j.get("reasons");
        if (reasons == null || !reasons.isArray() || reasons.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(": ");
        reasons.forEach(r -> sb.append(sb.length() > 2 ? "; " : "").append(r.asText()));
        return sb.toString();
    }

    private static String text(JsonNode j, String key) {
        JsonNode n = j.get(key);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
