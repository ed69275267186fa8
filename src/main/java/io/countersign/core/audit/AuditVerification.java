package io.countersign.core.audit;

/** The result of checking the whole audit log. */
public record AuditVerification(boolean ok, long entries, long firstBrokenSeq, String problem) {

    public static AuditVerification passed(long entries) {
        return new AuditVerification(true, entries, -1, "");
    }

    public static AuditVerification broken(long entriesChecked, long seq, String problem) {
        return new AuditVerification(false, entriesChecked, seq, problem);
    }

    public String summary() {
        return ok ? "OK " + entries + " entries" : "FAIL: entry " + firstBrokenSeq + ": " + problem;
    }
}
