package io.countersign.core.audit;

/**
 * The result of checking the whole audit log. {@code acknowledged} counts entries that did not
 * verify but whose finding an administrator acknowledged (an {@code audit.acknowledged} event):
 * the check passed over them and went on with everything after.
 */
public record AuditVerification(boolean ok, long entries, long firstBrokenSeq, String problem, long acknowledged) {

    public static AuditVerification passed(long entries) {
        return passed(entries, 0);
    }

    public static AuditVerification passed(long entries, long acknowledged) {
        return new AuditVerification(true, entries, -1, "", acknowledged);
    }

    public static AuditVerification broken(long entriesChecked, long seq, String problem) {
        return new AuditVerification(false, entriesChecked, seq, problem, 0);
    }

    public String summary() {
        return ok ? "OK " + entries + " entries" + (acknowledged == 0 ? ""
                : " (" + acknowledged + " acknowledged finding" + (acknowledged == 1 ? "" : "s")
                + " passed over: see the audit.acknowledged entries)")
                : "FAIL: entry " + firstBrokenSeq + ": " + problem;
    }
}
