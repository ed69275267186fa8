package io.countersign.core.audit;

import java.util.List;

/**
 * The append-only system of record. There is deliberately no update or delete: every change of
 * state is a new event. Entries are written only through {@link io.countersign.core.store.UnitOfWork},
 * together with the change they describe; this port reads and verifies them.
 */
public interface AuditLog {

    long size();

    /** Entries from {@code fromSeq} on, at most {@code limit}, in order. */
    List<AuditEntry> read(long fromSeq, int limit);

    /** Every entry about one draft, in order. */
    List<AuditEntry> forDraft(String draftId);

    /** The most recent entry of a type (its wire name), if any. */
    java.util.Optional<AuditEntry> latest(String type);

    default java.util.Optional<AuditEntry> latest(AuditEventType type) {
        return latest(type.wireName());
    }

    /**
     * Streams entries in order from {@code fromSeq} (only one draft's when {@code draftId} is not
     * null) without holding them all in memory; stops early when {@code each} returns false.
     */
    void forEach(long fromSeq, String draftId, java.util.function.Predicate<AuditEntry> each);

    /** Re-derives the whole chain; never modifies anything. */
    AuditVerification verify();

    /** Every entry of a type (its wire name), oldest first: for rare types (acknowledgements), read by index. */
    List<AuditEntry> ofType(String type);
}
