package io.countersign.core.audit;

/**
 * The result of checking the whole audit log. {@code acknowledged} counts entries that did not
 * verify but whose finding an administrator acknowledged (an {@code audit.acknowledged} event):
 * the check passed over them and went on with everything after.
 */
public record AuditVerification(boolean ok, long entries, long firstBrokenSeq, String problem, long acknowledged,
                                BrokenRow row) {

    /**
     * The stored row where the check failed (null when none: entries cut from the end): the seq
     * the check expected there, the row's own seq, and, in hex, the leaf hash of its line and its
     * stored chain hash. An acknowledgement pins all four, so a later change to that row, a row
     * deleted before it, or any other change is found again.
     */
    public record BrokenRow(long expected, long seq, String leafHex, String chainHex) {
    }

    public static AuditVerification passed(long entries) {
        return passed(entries, 0);
    }

    public static AuditVerification passed(long entries, long acknowledged) {
        return new AuditVerification(true, entries, -1, "", acknowledged, null);
    }

    public static AuditVerification broken(long entriesChecked, long seq, String problem) {
        return broken(entriesChecked, seq, problem, null);
    }

    public static AuditVerification broken(long entriesChecked, long seq, String problem, BrokenRow row) {
        return new AuditVerification(false, entriesChecked, seq, problem, 0, row);
    }

    public String summary() {
        return ok ? "OK " + entries + " entries" + (acknowledged == 0 ? ""
                : " (" + acknowledged + " acknowledged finding" + (acknowledged == 1 ? "" : "s")
                + " passed over: see the audit.acknowledged entries)")
                : "FAIL: entry " + firstBrokenSeq + ": " + problem;
    }
}
