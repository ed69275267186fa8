package io.countersign.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Walks stored rows in order and re-derives everything: sequence, canonical encoding, timestamps
 * and the hash chain. Feed rows with {@link #accept}; the first problem found is kept.
 */
public final class AuditVerifier {

    /**
     * A row as the database holds it: its position, line and stored chain hash, and the columns
     * kept beside the line for look-ups ({@code columns} null: not checked). Those columns are
     * copies of members of the line, and must say the same: a row whose draft id, type or actor
     * column was changed would otherwise hide from {@code audit log --draft} and the gate.
     */
    public record StoredRow(long seq, String line, byte[] chainHash, Columns columns) {
        public StoredRow(long seq, String line, byte[] chainHash) {
            this(seq, line, chainHash, null);
        }
    }

    /** A signed tree head stored after an append batch: the first {@code size} entries hash to {@code root}. */
    public record StoredCheckpoint(long id, long size, byte[] root, String note) {
    }

    private java.util.NavigableMap<Long, List<StoredCheckpoint>> checkpoints = new java.util.TreeMap<>();
    private StoredCheckpoint newest;
    private long supersededUpTo;
    private io.countersign.core.audit.note.NoteKey logKey;
    private final io.countersign.core.audit.merkle.MerkleTree.Builder tree = new io.countersign.core.audit.merkle.MerkleTree.Builder();
    private long checkpointsChecked;
    private DecisionSignatures.Keyring reviewers = new DecisionSignatures.Keyring();

    /** Where the log's {@code audit.decisions-signed} entry stands (0: none): decisions before it may be unsigned. */
    public void decisionsSignedFrom(long seq) {
        this.reviewers = new DecisionSignatures.Keyring(seq);
    }

    /** Reviewer signatures on approvals and rejections checked so far. */
    public long signaturesChecked() {
        return reviewers.checked();
    }

    /**
     * Also checks each stored checkpoint as the entries reach its size: the root the entries hash
     * to, the note's body and its signature by {@code key} (null: the workspace has no log key), and
     * that the newest one covers the whole log.
     *
     * @param supersededUpTo checkpoints with an id up to this were signed before an administrator
     *                       acknowledged a finding: their roots may differ from what is stored now
     */
    public AuditVerifier checkpoints(java.util.Collection<StoredCheckpoint> stored, io.countersign.core.audit.note.NoteKey key,
                                     long supersededUpTo) {
        java.util.NavigableMap<Long, List<StoredCheckpoint>> m = new java.util.TreeMap<>();
        StoredCheckpoint last = null;
        for (StoredCheckpoint c : stored) {
            m.computeIfAbsent(c.size(), k -> new java.util.ArrayList<>()).add(c);
            if (last == null || c.id() > last.id()) {
                last = c;
            }
        }
        this.checkpoints = m;
        this.newest = last;
        this.logKey = key;
        this.supersededUpTo = supersededUpTo;
        return this;
    }

    public long checkpointsChecked() {
        return checkpointsChecked;
    }

    /** A checkpoint the collector cosigned, as the device stored it. */
    public record StoredWitness(long id, long size, byte[] root, String note) {
    }

    private java.util.NavigableMap<Long, List<StoredWitness>> witnesses = new java.util.TreeMap<>();
    private io.countersign.core.audit.note.Cosigner collectorKey;
    private long witnessesChecked;

    /**
     * Also checks each checkpoint the collector cosigned as the entries reach its size: the entries
     * must still hash to its root, and it must carry this log's signature and a valid cosignature by
     * {@code pinned} (the collector key pinned at enrolment; null: none is pinned). A history
     * rewritten after the collector saw it fails here even when every chain hash, the head and the
     * local checkpoints were recomputed, since nobody here can make the collector's signature.
     */
    public AuditVerifier witnesses(java.util.Collection<StoredWitness> stored, io.countersign.core.audit.note.Cosigner pinned) {
        java.util.NavigableMap<Long, List<StoredWitness>> m = new java.util.TreeMap<>();
        stored.forEach(w -> m.computeIfAbsent(w.size(), k -> new java.util.ArrayList<>()).add(w));
        this.witnesses = m;
        this.collectorKey = pinned;
        return this;
    }

    public long witnessesChecked() {
        return witnessesChecked;
    }

    /** The denormalized columns of a row. */
    public record Columns(String ts, String type, String actorKind, String actorId, String draftId) {
    }

    /** The last verified position, written beside the database after each durable append. */
    public record Head(long size, byte[] chainHash) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$");

    private long expectedSeq;
    private byte[] chain = AuditHashes.GENESIS;
    private Instant lastTs = Instant.MIN;
    private AuditVerification failure;
    private final java.util.Map<Long, AuditVerification.BrokenRow> acknowledged;
    private long passedOver;

    public AuditVerifier() {
        this(java.util.List.of());
    }

    /**
     * @param acknowledged rows whose finding an administrator acknowledged: a row failing the check
     *                     is passed over (the chain taken up from its stored hash) only if it is still
     *                     exactly the row that was acknowledged — same seq, same line, same stored hash
     */
    public AuditVerifier(java.util.Collection<AuditVerification.BrokenRow> acknowledged) {
        java.util.Map<Long, AuditVerification.BrokenRow> bySeq = new java.util.HashMap<>();
        acknowledged.forEach(r -> bySeq.put(r.seq(), r));
        this.acknowledged = java.util.Map.copyOf(bySeq);
    }

    /** Returns false once a problem is found; later rows are not checked. */
    public boolean accept(StoredRow row) {
        if (failure != null) {
            return false;
        }
        String problem = check(row);
        if (problem != null) {
            AuditVerification.BrokenRow here = brokenRow(expectedSeq, row);
            if (here.equals(acknowledged.get(row.seq()))) {
                passedOver++;
                tree.addLeafHash(AuditHashes.leafHash(row.line()));
                chain = row.chainHash();
                expectedSeq = row.seq() + 1;
                return true;
            }
            failure = AuditVerification.broken(expectedSeq, expectedSeq, problem, here);
            return false;
        }
        expectedSeq++;
        return true;
    }

    static AuditVerification.BrokenRow brokenRow(long expected, StoredRow row) {
        return new AuditVerification.BrokenRow(expected, row.seq(), HexFormat.of().formatHex(AuditHashes.leafHash(row.line())),
                row.chainHash() == null ? "" : HexFormat.of().formatHex(row.chainHash()));
    }

    private String check(StoredRow row) {
        if (row.seq() != expectedSeq) {
            return row.seq() > expectedSeq
                    ? "missing: the next stored entry is " + row.seq() + " (entries deleted?)"
                    : "out of order: found entry " + row.seq() + " (entries inserted or reordered?)";
        }
        JsonNode event;
        try {
            event = JSON.readTree(row.line());
        } catch (Exception e) {
            return "not valid JSON";
        }
        if (event == null || !event.isObject()) {
            return "not a JSON object";
        }
        JsonNode seq = event.get("seq");
        if (seq == null || !seq.isIntegralNumber() || seq.asLong() != row.seq()) {
            return "its seq member is " + seq + " but it is stored at position " + row.seq();
        }
        JsonNode ts = event.get("ts");
        if (ts == null || !ts.isTextual() || !TS.matcher(ts.asText()).matches()) {
            return "ts is missing or not RFC 3339 UTC";
        }
        Instant instant;
        try {
            instant = Instant.parse(ts.asText());
        } catch (DateTimeParseException e) {
            return "ts is not a valid date: " + ts.asText();
        }
        if (instant.isBefore(lastTs)) {
            return "ts " + ts.asText() + " is earlier than the entry before it";
        }
        String canonical;
        try {
            canonical = Jcs.write(event);
        } catch (IllegalArgumentException e) {
            return "not canonical: " + e.getMessage();
        }
        if (!canonical.equals(row.line())) {
            return "stored bytes are not the canonical encoding of the event";
        }
        if (row.columns() != null) {
            String mismatch = columnsMismatch(row.columns(), event);
            if (mismatch != null) {
                return "its " + mismatch + " column says something other than its line (the row was changed beside the log)";
            }
        }
        byte[] leaf = AuditHashes.leafHash(row.line());
        byte[] next = AuditHashes.chain(chain, leaf);
        if (!Arrays.equals(next, row.chainHash())) {
            return "hash chain broken: content or order differs from what was appended";
        }
        String unsigned = reviewers.accept(row.seq(), event);
        if (unsigned != null) {
            return unsigned;
        }
        tree.addLeafHash(leaf);
        for (StoredCheckpoint cp : checkpoints.getOrDefault(tree.size(), List.of())) {
            String problem = checkpointProblem(cp);
            if (problem != null && !(problem.contains("has the root") && cp.id() <= supersededUpTo)) {
                return problem;
            }
            checkpointsChecked++;
        }
        for (StoredWitness w : witnesses.getOrDefault(tree.size(), List.of())) {
            String problem = witnessProblem(w);
            if (problem != null) {
                return problem;
            }
            witnessesChecked++;
        }
        chain = next;
        lastTs = instant;
        return null;
    }

    private String checkpointProblem(StoredCheckpoint cp) {
        String at = "the checkpoint of the first " + cp.size() + " entries";
        byte[] root = tree.root();
        if (!Arrays.equals(root, cp.root())) {
            return at + " has the root " + java.util.Base64.getEncoder().encodeToString(cp.root()) + " but the entries hash to "
                    + java.util.Base64.getEncoder().encodeToString(root) + " (an entry was changed, added or removed)";
        }
        if (logKey == null) {
            return at + " is signed, but this workspace has no log key to check it with (the credential store lost it?)";
        }
        io.countersign.core.audit.note.SignedNote note;
        io.countersign.core.audit.note.Checkpoint body;
        try {
            note = io.countersign.core.audit.note.SignedNote.parse(cp.note());
            body = io.countersign.core.audit.note.Checkpoint.parse(note);
        } catch (IllegalArgumentException e) {
            return at + " is not a valid signed note: " + e.getMessage();
        }
        if (!body.equals(new io.countersign.core.audit.note.Checkpoint(logKey.name(), cp.size(), cp.root()))) {
            return at + " says " + body + ", not what its row holds";
        }
        if (!note.verifiedBy(logKey)) {
            return at + " is not signed by this workspace's log key " + logKey.vkey();
        }
        return null;
    }

    private String witnessProblem(StoredWitness w) {
        String at = "the collector witnessed the first " + w.size() + " entries";
        byte[] root = tree.root();
        if (!Arrays.equals(root, w.root())) {
            return at + " with the root " + java.util.Base64.getEncoder().encodeToString(w.root()) + " but they now hash to "
                    + java.util.Base64.getEncoder().encodeToString(root) + ": history was rewritten after the collector saw it";
        }
        if (collectorKey == null) {
            return at + ", but the workspace has no pinned collector key to check its cosignature with (enrolment removed?)";
        }
        io.countersign.core.audit.note.SignedNote note;
        try {
            note = io.countersign.core.audit.note.SignedNote.parse(w.note());
            if (!io.countersign.core.audit.note.Checkpoint.parse(note).equals(new io.countersign.core.audit.note.Checkpoint(
                    note.signatures().get(0).keyName(), w.size(), w.root()))) {
                return at + ", but its stored note says something else than its row";
            }
        } catch (IllegalArgumentException e) {
            return at + ", but its stored note is not a valid signed note: " + e.getMessage();
        }
        if (logKey != null && !note.verifiedBy(logKey)) {
            return at + ", but the note it cosigned is not signed by this workspace's log key";
        }
        if (collectorKey.verifiedTime(note).isEmpty()) {
            return at + ", but the stored note has no valid cosignature by the pinned collector key " + collectorKey.vkey();
        }
        return null;
    }

    private static String columnsMismatch(Columns c, JsonNode event) {
        if (!java.util.Objects.equals(c.ts(), event.path("ts").asText(null))) {
            return "ts";
        }
        if (!java.util.Objects.equals(c.type(), event.path("type").asText(null))) {
            return "type";
        }
        if (!java.util.Objects.equals(c.actorKind(), event.path("actor").path("kind").asText(null))) {
            return "actor_kind";
        }
        if (!java.util.Objects.equals(c.actorId(), event.path("actor").path("id").asText(null))) {
            return "actor_id";
        }
        JsonNode draft = event.get("draftId");
        String lineDraft = draft == null || draft.isNull() ? null : draft.asText();
        if (!java.util.Objects.equals(c.draftId(), lineDraft)) {
            return "draft_id";
        }
        return null;
    }

    /** The problem of a log cut at its end; the check at open words it the same, so one acknowledgement covers both. */
    public static String missingTail(long confirmed, long remaining) {
        return "missing: the log was confirmed up to " + confirmed + " entries but only " + remaining
                + " remain (entries deleted from the end?)";
    }

    /** The verdict after all rows, checked against the durable head written beside the database. */
    public AuditVerification finish(Head head) {
        if (failure != null) {
            return failure;
        }
        for (var e : checkpoints.tailMap(expectedSeq, false).entrySet()) {
            for (StoredCheckpoint cp : e.getValue()) {
                if (cp.id() > supersededUpTo) {
                    return AuditVerification.broken(expectedSeq, expectedSeq, missingTail(cp.size(), expectedSeq)
                            + " — a signed checkpoint covers " + cp.size());
                }
            }
        }
        var beyond = witnesses.ceilingKey(expectedSeq + 1);
        if (beyond != null) {
            return AuditVerification.broken(expectedSeq, expectedSeq, "missing: the collector witnessed " + witnesses.lastKey()
                    + " entries but only " + expectedSeq + " remain (entries deleted from the end?)");
        }
        if (newest != null && newest.id() > supersededUpTo && newest.size() < expectedSeq) {
            return AuditVerification.broken(newest.size(), newest.size(), "the last " + (expectedSeq - newest.size())
                    + " entries are not covered by a signed checkpoint (written beside Countersign, or checkpoints deleted)");
        }
        if (head != null) {
            if (head.size() > expectedSeq) {
                return AuditVerification.broken(expectedSeq, expectedSeq, missingTail(head.size(), expectedSeq));
            }
            if (head.size() > 0 && head.size() == expectedSeq && !Arrays.equals(head.chainHash(), chain)) {
                return AuditVerification.broken(expectedSeq, head.size() - 1,
                        "hash chain differs from the confirmed head " + HexFormat.of().formatHex(head.chainHash()));
            }
        }
        return AuditVerification.passed(expectedSeq, passedOver);
    }

}
