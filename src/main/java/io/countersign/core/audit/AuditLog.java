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

    /**
     * The stored lines of entries {@code fromSeq} to {@code toSeq} (exclusive), in order, without
     * decoding the columns beside them (a sync reads only what it hashes and sends).
     *
     * @throws IllegalStateException when an entry in that range is missing
     */
    List<String> lines(long fromSeq, long toSeq);

    /** Every entry about one draft, in order. */
    List<AuditEntry> forDraft(String draftId);

    /** The entries of these types (wire names) about each of these drafts, in order, read at once. */
    default java.util.Map<String, List<AuditEntry>> forDrafts(java.util.Collection<String> draftIds,
                                                             java.util.Set<String> types) {
        java.util.Map<String, List<AuditEntry>> out = new java.util.HashMap<>();
        for (String id : draftIds) {
            out.put(id, forDraft(id).stream().filter(e -> types.contains(e.type())).toList());
        }
        return out;
    }

    /** The stored chain hashes of these entries (those that exist), read at once. */
    default java.util.Map<Long, byte[]> chainHashes(java.util.Collection<Long> seqs) {
        java.util.Map<Long, byte[]> out = new java.util.HashMap<>();
        for (long seq : seqs) {
            read(seq, 1).stream().filter(e -> e.seq() == seq).findFirst().ifPresent(e -> out.put(seq, e.chainHash()));
        }
        return out;
    }

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

    /**
     * The drafts named by entries from {@code fromSeq} on, in order of their entries (a draft may
     * come more than once), without the entries themselves: what changed since a point in the log.
     */
    default void forEachDraftSince(long fromSeq, java.util.function.Consumer<String> each) {
        forEach(fromSeq, null, e -> {
            if (e.draftId() != null) {
                each.accept(e.draftId());
            }
            return true;
        });
    }

    /** The newest stored checkpoint's id (0 when there is none): an acknowledgement names the ones it supersedes. */
    default long latestCheckpointId() {
        return 0;
    }

    /**
     * A checkpoint stored after an append batch: the first {@code size} entries hash to
     * {@code root}, {@code note} is its signed note, {@code frontier} the Merkle frontier there.
     */
    record StoredCheckpoint(long size, byte[] root, String note, byte[] frontier) {
    }

    /**
     * How many entries the newest stored checkpoint covers, if its signature verifies with the log
     * key (0 otherwise): entries beyond it were not written through the app's write path, which
     * signs a checkpoint in the same transaction as every batch.
     */
    default long signedSize() {
        return 0;
    }

    /** The newest stored checkpoint of at most {@code size} entries. */
    default java.util.Optional<StoredCheckpoint> checkpointAtOrBefore(long size) {
        return java.util.Optional.empty();
    }

    /** The first stored checkpoint of more than {@code size} entries. */
    default java.util.Optional<StoredCheckpoint> checkpointAfter(long size) {
        return java.util.Optional.empty();
    }

    /** Re-derives the whole chain; never modifies anything. */
    AuditVerification verify();

    /** Every entry of a type (its wire name), oldest first: for rare types (acknowledgements), read by index. */
    List<AuditEntry> ofType(String type);
}
