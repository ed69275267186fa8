package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditHashes;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.AuditVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The audit log in H2. One writer at a time (the workspace's write lock); each append batch is
 * committed, forced to disk with {@code CHECKPOINT SYNC}, and only then confirmed in the head file.
 */
public final class JdbiAuditLog implements AuditLog {

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditHeadFile head;
    private final Object writeLock;

    // Tail of the chain as committed; touched only under writeLock.
    private long nextSeq;
    private byte[] lastChain;
    private Instant lastTs;
    /** The Merkle frontier as committed; null until the first append of this process needs it. */
    private io.countersign.core.audit.merkle.MerkleTree.Builder tree;
    private volatile java.util.function.Supplier<io.countersign.core.audit.note.NoteKey> logKey;

    private volatile java.util.function.Supplier<Optional<io.countersign.core.audit.note.NoteKey>> verifyKey;

    /** The log key to check stored checkpoints with, if the workspace has one (never made by verifying). */
    void verifyCheckpointsWith(java.util.function.Supplier<Optional<io.countersign.core.audit.note.NoteKey>> key) {
        this.verifyKey = key;
    }

    /** Signs a checkpoint of the log with this key after each append batch (set by the composition root). */
    void signCheckpointsWith(java.util.function.Supplier<io.countersign.core.audit.note.NoteKey> key) {
        this.logKey = key;
    }

    JdbiAuditLog(Jdbi jdbi, Clock clock, AuditHeadFile head, Object writeLock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.head = head;
        this.writeLock = writeLock;
        loadTail();
    }

    private void loadTail() {
        jdbi.useHandle(h -> {
            Optional<AuditEntry> last = h.createQuery("SELECT * FROM audit_entry ORDER BY seq DESC LIMIT 1")
                    .map(JdbiAuditLog::mapEntry).findOne();
            nextSeq = last.map(e -> e.seq() + 1).orElse(0L);
            lastChain = last.map(AuditEntry::chainHash).orElse(AuditHashes.GENESIS);
            lastTs = last.map(AuditEntry::ts).orElse(Instant.EPOCH);
        });
    }

    Object writeLock() {
        return writeLock;
    }

    /** Releases the head file (the workspace closes). */
    void closeHead() {
        head.closeChannel();
    }

    /** Pending tail state of an uncommitted batch; applied with {@link #confirm} after commit. */
    record Tail(long nextSeq, byte[] chain, Instant ts, io.countersign.core.audit.merkle.MerkleTree.Builder tree) {
        Tail(long nextSeq, byte[] chain, Instant ts) {
            this(nextSeq, chain, ts, null);
        }
    }

    /**
     * The frontier of the log as stored: from the latest checkpoint, then the lines after it (all
     * lines in a workspace from before checkpoints), read in this unit's transaction.
     */
    private io.countersign.core.audit.merkle.MerkleTree.Builder frontier(Handle h, boolean fromLines) {
        var latest = h.createQuery("SELECT size, frontier FROM audit_checkpoint ORDER BY id DESC LIMIT 1")
                .map((rs, ctx) -> io.countersign.core.audit.merkle.MerkleTree.Builder.restore(rs.getLong("size"),
                        rs.getBytes("frontier"))).findOne();
        if (latest.isPresent() && latest.get().size() < nextSeq && !fromLines) {
            // Every batch stores its checkpoint in the same transaction: entries past the newest one were
            // written beside the app (or its checkpoints deleted). Never sign them as if they were ours.
            throw new IllegalStateException("the newest " + (nextSeq - latest.get().size()) + " audit entries are not "
                    + "covered by a signed checkpoint (rows written or checkpoints deleted beside Countersign); nothing "
                    + "more is written: run 'countersign audit verify'");
        }
        if (latest.isPresent() && latest.get().size() > nextSeq && !fromLines) {
            throw new IllegalStateException("the audit log has " + nextSeq + " entries but its newest signed checkpoint "
                    + "covers " + latest.get().size() + " (entries deleted?); nothing more is written: run 'countersign audit "
                    + "verify', and an administrator acknowledges the finding");
        }
        // After an acknowledgement (of a cut or a changed row) the frontier is rebuilt from the lines as
        // they are stored now; the acknowledgement names the checkpoints signed before it.
        var b = latest.filter(t -> !fromLines).orElseGet(io.countersign.core.audit.merkle.MerkleTree.Builder::new);
        if (b.size() < nextSeq) {
            streamed(h, () -> {
                try (var lines = h.createQuery("SELECT line FROM audit_entry WHERE seq >= :from ORDER BY seq")
                        .bind("from", b.size()).setFetchSize(1000).mapTo(String.class).stream()) {
                    lines.forEach(l -> b.addLeafHash(AuditHashes.leafHash(l)));
                }
            });
        }
        return b;
    }

    /** Inserts events inside the unit of work's transaction; the unit calls {@link #confirm} after commit. */
    Tail appendWithin(Handle h, List<AuditEvent> events, List<AuditEntry> stored) {
        long seq = nextSeq;
        byte[] chain = lastChain;
        Instant ts = lastTs;
        if (events.isEmpty()) {
            return new Tail(seq, chain, ts);
        }
        boolean acknowledging = events.stream().anyMatch(e -> e.type().equals(
                io.countersign.core.audit.AuditEventType.AUDIT_ACKNOWLEDGED.wireName()));
        var merkle = (tree != null && !acknowledging ? tree : frontier(h, acknowledging)).copy();
        PreparedBatch batch = h.prepareBatch("INSERT INTO audit_entry (seq, ts, type, actor_kind, actor_id, draft_id, line, chain_hash) "
                + "VALUES (:seq, :ts, :type, :kind, :actor, :draft, :line, :chain)");
        for (AuditEvent event : events) {
            Instant now = clock.instant();
            // ts must never go backwards in the log, even if the wall clock does.
            ts = now.isBefore(ts) ? ts : now;
            String line = event.canonicalLine(seq, ts);
            byte[] leaf = AuditHashes.leafHash(line);
            chain = AuditHashes.chain(chain, leaf);
            merkle.addLeafHash(leaf);
            Object draftId = event.members().get("draftId");
            batch.bind("seq", seq).bind("ts", ts.toString()).bind("type", event.type())
                    .bind("kind", event.actor().kind().wireName()).bind("actor", event.actor().id())
                    .bind("draft", draftId == null ? null : draftId.toString()).bind("line", line)
                    .bind("chain", chain).add();
            stored.add(new AuditEntry(seq, ts, event.type(), event.actor().kind().wireName(), event.actor().id(),
                    draftId == null ? null : draftId.toString(), line, chain));
            seq++;
        }
        batch.execute();
        var key = logKey;
        if (key != null) {
            var k = key.get();
            byte[] root = merkle.root();
            String note = new io.countersign.core.audit.note.Checkpoint(k.name(), merkle.size(), root).sign(k).format();
            h.createUpdate("INSERT INTO audit_checkpoint (size, root, note, frontier) VALUES (:size, :root, :note, :frontier)")
                    .bind("size", merkle.size()).bind("root", root).bind("note", note).bind("frontier", merkle.frontier())
                    .execute();
        }
        return new Tail(seq, chain, ts, merkle);
    }

    /** Makes a committed unit's entries durable and moves the head to them; false when it appended none. */
    boolean confirm(Tail tail) {
        if (tail.nextSeq() == nextSeq) {
            return false;
        }
        // The rows are committed: the in-memory tail follows them first, so a failing sync or head
        // write cannot make the next unit reuse sequence numbers. The head is written only after the
        // sync succeeded, so it never confirms what is not on disk.
        nextSeq = tail.nextSeq();
        lastChain = tail.chain();
        lastTs = tail.ts();
        if (tail.tree() != null) {
            tree = tail.tree();
        }
        sync();
        head.write(new AuditVerifier.Head(nextSeq, lastChain));
        return true;
    }

    /** Puts everything committed so far on disk (H2 otherwise keeps the last commits in memory for a while). */
    void sync() {
        RuntimeException fault = nextSyncFault;
        if (fault != null) {
            nextSyncFault = null;
            throw fault;
        }
        jdbi.useHandle(h -> h.execute("CHECKPOINT SYNC"));
    }

    private volatile RuntimeException nextSyncFault;

    /** Tests: the next sync fails with {@code fault} (a disk that stops writing after a commit). */
    void failNextSync(RuntimeException fault) {
        this.nextSyncFault = fault;
    }

    @Override
    public long size() {
        synchronized (writeLock) {
            return nextSeq;
        }
    }

    @Override
    public List<AuditEntry> read(long fromSeq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_entry WHERE seq >= :from ORDER BY seq LIMIT :limit")
                .bind("from", fromSeq).bind("limit", limit).map(JdbiAuditLog::mapEntry).list());
    }

    @Override
    public List<String> lines(long fromSeq, long toSeq) {
        List<String> out = new java.util.ArrayList<>((int) Math.min(toSeq - fromSeq, 1 << 16));
        jdbi.useHandle(h -> h.createQuery("SELECT seq, line FROM audit_entry WHERE seq >= :from AND seq < :to ORDER BY seq")
                .bind("from", fromSeq).bind("to", toSeq)
                .map((rs, ctx) -> {
                    long seq = rs.getLong(1);
                    if (seq != fromSeq + out.size()) {
                        throw new IllegalStateException("entry #" + (fromSeq + out.size()) + " is missing from the log");
                    }
                    return rs.getString(2);
                }).forEach(out::add));
        if (out.size() != toSeq - fromSeq) {
            throw new IllegalStateException("entry #" + (fromSeq + out.size()) + " cannot be read (the log has " + size() + ")");
        }
        return out;
    }

    @Override
    public List<AuditEntry> forDraft(String draftId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_entry WHERE draft_id = :id ORDER BY seq")
                .bind("id", draftId).map(JdbiAuditLog::mapEntry).list());
    }

    @Override
    public java.util.Map<String, List<AuditEntry>> forDrafts(java.util.Collection<String> draftIds, java.util.Set<String> types) {
        java.util.Map<String, List<AuditEntry>> out = new java.util.HashMap<>();
        if (draftIds.isEmpty() || types.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("SELECT * FROM audit_entry WHERE draft_id IN (<ids>) AND type IN (<types>) ORDER BY seq")
                .bindList("ids", List.copyOf(draftIds)).bindList("types", List.copyOf(types)).map(JdbiAuditLog::mapEntry)
                .forEach(e -> out.computeIfAbsent(e.draftId(), k -> new java.util.ArrayList<>()).add(e)));
        return out;
    }

    @Override
    public java.util.Map<Long, byte[]> chainHashes(java.util.Collection<Long> seqs) {
        java.util.Map<Long, byte[]> out = new java.util.HashMap<>();
        if (seqs.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("SELECT seq, chain_hash FROM audit_entry WHERE seq IN (<seqs>)")
                .bindList("seqs", List.copyOf(seqs))
                .map((rs, ctx) -> Map.entry(rs.getLong("seq"), rs.getBytes("chain_hash")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public Optional<AuditEntry> latest(String type) {
        // "type DESC, seq DESC" and not "seq DESC" alone: only then does H2 walk audit_entry_type backwards
        // from the end (0 ms); with "seq DESC" it read every entry of the type (144 ms on 100,000 of them).
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_entry WHERE type = :type ORDER BY type DESC, seq DESC LIMIT 1")
                .bind("type", type).map(JdbiAuditLog::mapEntry).findOne());
    }

    @Override
    public void forEach(long fromSeq, String draftId, java.util.function.Predicate<AuditEntry> each) {
        jdbi.useHandle(h -> streamed(h, () -> {
            var query = h.createQuery("SELECT * FROM audit_entry WHERE seq >= :from"
                    + (draftId == null ? "" : " AND draft_id = :draft") + " ORDER BY seq").bind("from", fromSeq);
            if (draftId != null) {
                query.bind("draft", draftId);
            }
            try (var stream = query.setFetchSize(1000).map(JdbiAuditLog::mapEntry).stream()) {
                var it = stream.iterator();
                while (it.hasNext() && each.test(it.next())) {
                    // each entry handled by the predicate (which must not use this connection meanwhile)
                }
            }
        }));
    }

    @Override
    public void forEachDraftSince(long fromSeq, java.util.function.Consumer<String> each) {
        long from = fromSeq;
        while (true) {
            long start = from;
            List<Map.Entry<Long, String>> page = jdbi.withHandle(h -> h.createQuery("SELECT seq, draft_id FROM audit_entry "
                            + "WHERE seq >= :from AND draft_id IS NOT NULL ORDER BY seq LIMIT 1000").bind("from", start)
                    .map((rs, ctx) -> Map.entry(rs.getLong("seq"), rs.getString("draft_id"))).list());
            page.forEach(e -> each.accept(e.getValue()));
            if (page.size() < 1000) {
                return;
            }
            from = page.get(page.size() - 1).getKey() + 1;
        }
    }

    @Override
    public long signedSize() {
        var key = verifyKey;
        var k = key == null ? Optional.<io.countersign.core.audit.note.NoteKey>empty() : key.get();
        if (k.isEmpty()) {
            return 0;
        }
        return checkpointAtOrBefore(Long.MAX_VALUE).filter(cp -> {
            try {
                var note = io.countersign.core.audit.note.SignedNote.parse(cp.note());
                var body = io.countersign.core.audit.note.Checkpoint.parse(note);
                return note.verifiedBy(k.get()) && body.size() == cp.size() && java.util.Arrays.equals(body.root(), cp.root());
            } catch (RuntimeException e) {
                return false;
            }
        }).map(StoredCheckpoint::size).orElse(0L);
    }

    @Override
    public java.util.Optional<StoredCheckpoint> checkpointAtOrBefore(long size) {
        return storedCheckpoint("WHERE size <= :size ORDER BY size DESC, id DESC", size);
    }

    @Override
    public java.util.Optional<StoredCheckpoint> checkpointAfter(long size) {
        return storedCheckpoint("WHERE size > :size ORDER BY size, id DESC", size);
    }

    private java.util.Optional<StoredCheckpoint> storedCheckpoint(String where, long size) {
        return jdbi.withHandle(h -> h.createQuery("SELECT size, root, note, frontier FROM audit_checkpoint " + where + " LIMIT 1")
                .bind("size", size)
                .map((rs, ctx) -> new StoredCheckpoint(rs.getLong("size"), rs.getBytes("root"), rs.getString("note"),
                        rs.getBytes("frontier")))
                .findOne());
    }

    @Override
    public AuditVerification verify() {
        List<io.countersign.core.audit.AuditVerification.BrokenRow> acknowledged = new ArrayList<>();
        long superseded = 0;
        for (AuditEntry ack : ofType(io.countersign.core.audit.AuditEventType.AUDIT_ACKNOWLEDGED.wireName())) {
            try {
                if (!ack.text("checkpointsBefore").isEmpty()) {
                    superseded = Math.max(superseded, Long.parseLong(ack.text("checkpointsBefore")));
                }
                if (!ack.text("row").isEmpty()) {
                    acknowledged.add(new io.countersign.core.audit.AuditVerification.BrokenRow(Long.parseLong(ack.text("entry")),
                            Long.parseLong(ack.text("row")), ack.text("leafHash"), ack.text("chainHash")));
                }
            } catch (NumberFormatException | java.io.UncheckedIOException notOurs) {
                // an acknowledgement without a readable row passes over nothing
            }
        }
        AuditVerifier verifier = new AuditVerifier(acknowledged);
        // Where signed decisions begin: at the log's audit.decisions-signed entry; in a log that has
        // neither that entry nor any reviewer key (made before signed decisions, not opened for writing
        // since), nowhere yet — its decisions are read as made, and the send gate never sends them.
        long marker = jdbi.withHandle(h -> h.createQuery("SELECT MIN(seq) FROM audit_entry WHERE type = :t")
                .bind("t", io.countersign.core.audit.AuditEventType.DECISIONS_SIGNED.wireName()).mapTo(Long.class).findOne()
                .orElse(0L));
        boolean anyKey = latest(io.countersign.core.audit.AuditEventType.REVIEWER_KEY_ADDED.wireName()).isPresent();
        verifier.decisionsSignedFrom(marker > 0 || anyKey ? marker : Long.MAX_VALUE);
        List<AuditVerifier.StoredCheckpoint> stored = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, size, root, note FROM audit_checkpoint ORDER BY id")
                .map((rs, ctx) -> new AuditVerifier.StoredCheckpoint(rs.getLong("id"), rs.getLong("size"), rs.getBytes("root"),
                        rs.getString("note")))
                .list());
        var key = verifyKey;
        verifier.checkpoints(stored, key == null ? null : key.get().orElse(null), superseded);
        witnesses(verifier);
        // The head is read before the rows: a unit confirmed while they stream only adds rows past it.
        AuditVerifier.Head confirmed = head.read();
        jdbi.useHandle(h -> streamed(h, () -> {
            try (var rows = h.createQuery("SELECT seq, ts, type, actor_kind, actor_id, draft_id, line, chain_hash "
                            + "FROM audit_entry ORDER BY seq").setFetchSize(1000)
                    .map((rs, ctx) -> new AuditVerifier.StoredRow(rs.getLong("seq"), rs.getString("line"), rs.getBytes("chain_hash"),
                            new AuditVerifier.Columns(rs.getString("ts"), rs.getString("type"), rs.getString("actor_kind"),
                                    rs.getString("actor_id"), rs.getString("draft_id")))).stream()) {
                rows.takeWhile(verifier::accept).forEach(row -> { });
            }
        }));
        return verifier.finish(confirmed);
    }

    /** The checkpoints the collector cosigned and the collector key pinned at enrolment. */
    private void witnesses(AuditVerifier verifier) {
        jdbi.useHandle(h -> {
            List<AuditVerifier.StoredWitness> stored = h.createQuery("SELECT id, size, root, note FROM audit_witness ORDER BY id")
                    .map((rs, ctx) -> new AuditVerifier.StoredWitness(rs.getLong("id"), rs.getLong("size"), rs.getBytes("root"),
                            rs.getString("note")))
                    .list();
            var pinned = h.createQuery("SELECT collector_key FROM sync_enrollment WHERE id = 1").mapTo(String.class).findOne();
            io.countersign.core.audit.note.Cosigner key = null;
            if (pinned.isPresent()) {
                try {
                    key = io.countersign.core.audit.note.Cosigner.parseVkey(pinned.get());
                } catch (IllegalArgumentException damaged) {
                    key = null; // then every stored cosignature is reported as unverifiable
                }
            }
            verifier.witnesses(stored, key);
        });
    }

    /**
     * Runs {@code read} with H2 streaming query rows as they are read instead of first materializing
     * the whole result (which kept a 200,000-entry verification at 1.7 GB); the pooled connection is
     * put back as it was.
     */
    private static void streamed(org.jdbi.v3.core.Handle h, Runnable read) {
        h.execute("SET LAZY_QUERY_EXECUTION TRUE");
        RuntimeException failed = null;
        try {
            read.run();
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            try {
                h.execute("SET LAZY_QUERY_EXECUTION FALSE");
            } catch (RuntimeException resetFailed) {
                if (failed == null) {
                    throw resetFailed;
                }
                failed.addSuppressed(resetFailed); // the read's own failure is what the caller needs to see
            }
        }
    }

    @Override
    public long latestCheckpointId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM audit_checkpoint").mapTo(Long.class).one());
    }

    @Override
    public List<AuditEntry> ofType(String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_entry WHERE type = :type ORDER BY seq")
                .bind("type", type).map(JdbiAuditLog::mapEntry).list());
    }

    /**
     * The cheap check made when the workspace opens: the durable head against the stored tail. A
     * head ahead of the tail means entries were cut from the end; the same size with another hash,
     * that the last entries were rewritten. A head behind the tail is a crash between commit and
     * head write, and fine.
     */
    io.countersign.core.integrity.AuditIntegrity.Finding tailFinding() {
        synchronized (writeLock) {
            AuditVerifier.Head h = head.read();
            if (h == null) {
                return nextSeq == 0 ? null : new io.countersign.core.integrity.AuditIntegrity.Finding(0, "FAIL: audit.head is "
                        + "missing although the log holds " + nextSeq + " entries (deleted, or the very first write was "
                        + "interrupted before it was confirmed)");
            }
            if (h.size() > nextSeq) {
                return new io.countersign.core.integrity.AuditIntegrity.Finding(nextSeq,
                        AuditVerification.broken(nextSeq, nextSeq, AuditVerifier.missingTail(h.size(), nextSeq)).summary());
            }
            if (h.size() == nextSeq && h.size() > 0 && !java.util.Arrays.equals(h.chainHash(), lastChain)) {
                return new io.countersign.core.integrity.AuditIntegrity.Finding(nextSeq - 1, "FAIL: entry " + (nextSeq - 1)
                        + ": hash chain differs from the confirmed head " + java.util.HexFormat.of().formatHex(h.chainHash()));
            }
            return null;
        }
    }

    static AuditEntry mapEntry(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        return new AuditEntry(rs.getLong("seq"), Instant.parse(rs.getString("ts")), rs.getString("type"),
                rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("draft_id"),
                rs.getString("line"), rs.getBytes("chain_hash"));
    }
}
