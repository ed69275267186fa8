package io.countersign.core.audit.bundle;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The audit log as others check it: export bundles (a prefix of the log with its signed
 * checkpoint), the signed checkpoint of the log as it stands, and inclusion proofs of one entry.
 * Entries are the stored canonical lines, streamed in order.
 */
public final class AuditBundles {

    private final AuditLog log;
    private final DeviceKey key;
    private final java.util.function.Supplier<io.countersign.core.audit.AuditVerification> verify;

    /** @param verify the full verification of the log, run before anything is signed with the log key */
    public AuditBundles(AuditLog log, DeviceKey key, java.util.function.Supplier<io.countersign.core.audit.AuditVerification> verify) {
        this.log = Objects.requireNonNull(log);
        this.key = Objects.requireNonNull(key);
        this.verify = Objects.requireNonNull(verify);
    }

    /** The log key vouches only for a log that verifies: a tampered one is never exported or signed. */
    private void requireVerified() {
        io.countersign.core.audit.AuditVerification v = verify.get();
        if (!v.ok()) {
            throw new IllegalArgumentException("the audit log does not verify (" + v.summary() + "), so it is not signed "
                    + "or exported; see 'countersign audit verify'");
        }
    }

    public String vkey() {
        return key.get().vkey();
    }

    /** Writes entries 0…{@code toSeq} (null: all) as a bundle in {@code dir}. */
    public Bundle.Written export(Path dir, Long toSeq) throws IOException {
        long size = log.size();
        long end = toSeq == null ? size : Math.min(size, toSeq + 1);
        if (toSeq != null && (toSeq < 0 || toSeq >= size)) {
            throw new IllegalArgumentException("--to: the log has entries 0 to " + (size - 1) + ", not " + toSeq);
        }
        requireVerified();
        return Bundle.write(dir, key.get(), lines(end));
    }

    /** The signed checkpoint of the whole log as it stands, once the log verifies. */
    public SignedNote checkpoint() {
        requireVerified();
        MerkleTree.Builder tree = new MerkleTree.Builder();
        lines(log.size()).forEachRemaining(l -> tree.addLeafHash(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8))));
        return new Checkpoint(key.get().name(), tree.size(), tree.root()).sign(key.get());
    }

    /** An entry's inclusion proof against a checkpoint of the whole log. */
    public record Proof(long seq, byte[] leafHash, List<byte[]> path, SignedNote checkpoint) {
    }

    public Proof prove(long seq) {
        long size = log.size();
        if (seq < 0 || seq >= size) {
            throw new IllegalArgumentException("the log has entries 0 to " + (size - 1) + ", not " + seq);
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the log is too long to prove from memory");
        }
        requireVerified();
        List<byte[]> leaves = new ArrayList<>((int) size);
        lines(size).forEachRemaining(l -> leaves.add(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8))));
        SignedNote cp = new Checkpoint(key.get().name(), leaves.size(), MerkleTree.root(leaves)).sign(key.get());
        return new Proof(seq, leaves.get((int) seq), MerkleTree.inclusionProof((int) seq, leaves), cp);
    }

    /** The first {@code end} stored lines, read in pages as they are consumed. */
    private Iterator<String> lines(long end) {
        return new Iterator<>() {
            private long next;
            private final java.util.ArrayDeque<AuditEntry> page = new java.util.ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (next >= end) {
                    return false;
                }
                if (page.isEmpty()) {
                    page.addAll(log.read(next, (int) Math.min(1000, end - next)));
                }
                return !page.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                AuditEntry e = page.removeFirst();
                if (e.seq() != next) {
                    throw new IllegalStateException("the log has no entry " + next + " (found " + e.seq()
                            + "): run 'countersign audit verify'");
                }
                next++;
                return e.line();
            }
        };
    }
}
