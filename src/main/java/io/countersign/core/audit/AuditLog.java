package io.countersign.core.audit;

import java.util.List;

/**
 * The append-only system of record. There is deliberately no update or delete: every change of
 * state is a new event. Appends are durable when the call returns.
 */
public interface AuditLog {

    /** Appends events in order, durably, and returns them as stored. */
    List<AuditEntry> append(List<AuditEvent> events);

    long size();

    /** Entries from {@code fromSeq} on, at most {@code limit}, in order. */
    List<AuditEntry> read(long fromSeq, int limit);

    /** Every entry about one draft, in order. */
    List<AuditEntry> forDraft(String draftId);

    /** The most recent entry of a type, if any. */
    java.util.Optional<AuditEntry> latest(String type);

    /** Re-derives the whole chain; never modifies anything. */
    AuditVerification verify();
}
