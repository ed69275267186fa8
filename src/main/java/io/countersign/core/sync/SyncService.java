package io.countersign.core.sync;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.Cosigner;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.audit.note.SignedNote;
import io.countersign.core.audit.bundle.DeviceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pushes this device's audit log to its collector and keeps what the collector cosigned. A push
 * resumes from the size the collector says it holds, sends batches of at most
 * {@link #MAX_BATCH_ENTRIES} entries or {@link #MAX_BATCH_BYTES} bytes, each with a checkpoint
 * signed by the device's log key, and checks every cosignature it gets back against the collector
 * key pinned at enrolment before storing it.
 *
 * <p>The log key vouches only for entries that still hash to the checkpoints signed when they were
 * appended: each stretch up to the next stored checkpoint is hashed and compared first, so rows
 * changed beside the app are never signed again and sent as if they were history. Nothing here
 * ever changes the local log: a refusal (the collector holds something else) is kept and shown.
 */
public final class SyncService {

    public static final int MAX_BATCH_ENTRIES = 2000;
    public static final int MAX_BATCH_BYTES = 4 << 20;
    static final long STORE_WITNESSED_EVERY_NANOS = 2_000_000_000L;

    private final AuditLog log;
    private final DeviceKey deviceKey;
    private final SyncStore store;
    private final CollectorClient.Factory clients;
    private final Clock clock;

    public SyncService(AuditLog log, DeviceKey deviceKey, SyncStore store, CollectorClient.Factory clients, Clock clock) {
        this.log = Objects.requireNonNull(log);
        this.deviceKey = Objects.requireNonNull(deviceKey);
        this.store = Objects.requireNonNull(store);
        this.clients = Objects.requireNonNull(clients);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What a push did. */
    public record Pushed(long sent, long witnessedSize, long localSize) {
        public boolean complete() {
            return witnessedSize == localSize;
        }
    }

    /** The state {@code sync status} and the status bar show. */
    public record Status(Optional<SyncStore.Enrollment> enrollment, long localSize, Optional<SyncStore.Witnessed> witnessed,
                         Optional<SyncStore.Attempt> lastAttempt) {
        public long pending() {
            return localSize - witnessed.map(SyncStore.Witnessed::size).orElse(0L);
        }

        /** A refusal of what was sent as different from what the collector holds. */
        public boolean conflict() {
            return lastAttempt.map(SyncStore.Attempt::conflict).orElse(false);
        }

        /**
         * The status bar's words: empty when not enrolled; "witnessed up to #N at TIME" (and what is
         * pending); "offline, N pending"; or the refusal, naming the first conflicting entry.
         */
        public String line(java.time.ZoneId zone) {
            if (enrollment.isEmpty()) {
                return "";
            }
            if (conflict()) {
                return "collector refused: entry #" + lastAttempt.get().conflictIndex() + " differs from what it witnessed "
                        + "(local log kept; see sync status)";
            }
            String witnessedText = witnessed.map(w -> "witnessed up to #" + (w.size() - 1) + " at "
                    + java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(zone).format(w.cosignedAt()))
                    .orElse("not witnessed yet");
            if (lastAttempt.isPresent() && lastAttempt.get().failed()) {
                String error = lastAttempt.get().error();
                return error.startsWith("offline") ? "offline, " + pending() + " pending"
                        : "sync failed: " + (error.length() > 80 ? error.substring(0, 80) + "…" : error);
            }
            return witnessedText + (pending() > 0 ? " · " + pending() + " pending" : "");
        }
    }

    public Status status() {
        return new Status(store.enrollment(), log.size(), store.latestWitnessed(), store.lastAttempt());
    }

    public boolean enrolled() {
        return store.enrollment().isPresent();
    }

    /**
     * Enrols this device with a collector using a one-time token, pinning the collector key the
     * operator gave (or, without one, the key the collector presents — then say so to the user).
     *
     * @throws IllegalArgumentException when the key given is malformed or the collector presents another
     */
    public SyncStore.Enrollment enroll(String endpoint, String token, String pinnedKey, Actor actor) throws IOException {
        String url = endpoint.strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("--endpoint: '" + endpoint + "' is not an http:// or https:// URL");
        }
        Cosigner pinned = pinnedKey == null ? null : Cosigner.parseVkey(pinnedKey);
        if (store.enrollment().isPresent()) {
            throw new IllegalStateException("this workspace is already enrolled with " + store.enrollment().get().endpoint()
                    + "; a device enrols once (its log is witnessed by one collector)");
        }
        NoteKey key = deviceKey.get();
        CollectorClient client = clients.connect(url, key);
        // Compare keys before the token is spent: a wrong collector never learns this device's key or uses up its token.
        Cosigner presented = Cosigner.parseVkey(client.collectorKey());
        if (pinned != null && !pinned.vkey().equals(presented.vkey())) {
            throw new IllegalArgumentException("the collector at " + url + " presents the key " + presented.vkey()
                    + ", not the pinned " + pinned.vkey() + ": not enrolled (is this the right collector?)");
        }
        CollectorClient.Enrolled answer = client.enroll(token.strip(), key.vkey());
        if (!Cosigner.parseVkey(answer.collectorKey()).vkey().equals(presented.vkey())) {
            throw new IllegalArgumentException("the collector at " + url + " changed its key while enrolling: not enrolled");
        }
        if (!answer.origin().equals(key.name())) {
            throw new IllegalArgumentException("the collector enrolled the log " + answer.origin() + ", not this device's " + key.name());
        }
        SyncStore.Enrollment e = new SyncStore.Enrollment(url, answer.name(), presented.vkey(), clock.instant());
        store.enroll(e, actor);
        return e;
    }

    /**
     * Pushes everything the collector does not hold yet.
     *
     * @throws IOException        the collector cannot be reached (recorded; the next push resumes)
     * @throws CollectorRefusal   the collector refused (recorded; a conflict names the first entry)
     * @throws IllegalStateException not enrolled, or the local log no longer matches its own signed checkpoints
     */
    public Pushed push() throws IOException {
        SyncStore.Enrollment e = store.enrollment().orElseThrow(() -> new IllegalStateException(
                "this workspace is not enrolled with a collector: run 'countersign sync enroll --endpoint URL --token TOKEN'"));
        try {
            Pushed p = pushTo(e);
            store.attempted(clock.instant(), null, null);
            return p;
        } catch (CollectorRefusal r) {
            store.attempted(clock.instant(), r.getMessage(), r.conflictIndex());
            throw r;
        } catch (IOException io) {
            store.attempted(clock.instant(), "offline: " + describe(io), null);
            throw io;
        } catch (RuntimeException other) {
            store.attempted(clock.instant(), other.getMessage(), null);
            throw other;
        }
    }

    static String describe(IOException io) {
        String m = io.getMessage();
        return io.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private Pushed pushTo(SyncStore.Enrollment e) throws IOException {
        Cosigner witness = Cosigner.parseVkey(e.collectorKey());
        NoteKey key = deviceKey.get();
        CollectorClient client = clients.connect(e.endpoint(), key);
        CollectorClient.Held held = client.held();
        long local = log.size();
        if (held.size() > local) {
            throw new CollectorRefusal(409, local, "the collector holds " + held.size() + " entries of this log but this workspace "
                    + "has only " + local + ": entries from #" + local + " on were removed here");
        }
        MerkleTree.Builder tree = treeAt(held.size());
        if (held.cosignedNote() != null) {
            SyncStore.Witnessed w;
            try {
                w = checkCosigned(held.cosignedNote(), witness, key, held.size(), tree.root());
            } catch (CollectorRefusal differs) {
                if (!differs.conflict()) {
                    throw differs;
                }
                // The local history differs from what was witnessed: let the collector compare entry by
                // entry, so it names the first one that differs and records the alert. Nothing is stored there.
                locateConflict(client, key, held.size());
                throw differs;
            }
            if (store.latestWitnessed().map(SyncStore.Witnessed::size).orElse(-1L) < w.size()) {
                store.witnessed(w);
            }
        }
        try (Pipeline pipe = new Pipeline(client, witness, key)) {
            // Stretches (the entries up to each stored checkpoint) are sent together while they fit in a
            // batch, under the checkpoint of the last one; a stretch too long for one batch goes in parts.
            List<String> pending = new ArrayList<>();
            int pendingBytes = 0;
            SignedNote pendingNote = null;
            while (tree.size() < local) {
                long from = tree.size();
                AuditLog.StoredCheckpoint signed = log.checkpointAfter(from).orElseThrow(() -> new IllegalStateException(
                        "entries from #" + from + " on are not covered by a signed checkpoint, so they are not sent; run 'countersign audit verify'"));
                // First: do the entries up to that checkpoint still hash to what was signed when they were appended?
                MerkleTree.Builder check = tree.copy();
                List<String> stretch = new ArrayList<>();
                int bytes = 0;
                boolean fits = signed.size() - from <= MAX_BATCH_ENTRIES;
                for (long at = from; at < signed.size(); at += MAX_BATCH_ENTRIES) {
                    for (String line : log.lines(at, Math.min(signed.size(), at + MAX_BATCH_ENTRIES))) {
                        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
                        check.addLeafHash(MerkleTree.leafHash(utf8));
                        if (fits && bytes + utf8.length <= MAX_BATCH_BYTES) {
                            stretch.add(line);
                            bytes += utf8.length;
                        } else {
                            fits = false;
                        }
                    }
                }
                SignedNote signedNote = SignedNote.parse(signed.note());
                if (!Arrays.equals(check.root(), signed.root()) || !signedNote.verifiedBy(key)) {
                    throw new IllegalStateException("entries #" + from + " to #" + (signed.size() - 1) + " no longer hash to the checkpoint "
                            + "signed when they were appended (changed beside Countersign?), so they are not sent; run 'countersign audit verify'");
                }
                if (!pending.isEmpty() && (!fits || pending.size() + stretch.size() > MAX_BATCH_ENTRIES
                        || pendingBytes + bytes > MAX_BATCH_BYTES)) {
                    pipe.send(tree.size() - pending.size(), pending, pendingNote, tree.size(), tree.root());
                    pending = new ArrayList<>();
                    pendingBytes = 0;
                }
                if (fits) {
                    tree = check;
                    pending.addAll(stretch);
                    pendingBytes += bytes;
                    pendingNote = signedNote;
                    continue;
                }
                // A long stretch (one big unit of work): send it in batches, each with its own checkpoint.
                while (tree.size() < signed.size()) {
                    long start = tree.size();
                    List<String> batch = new ArrayList<>();
                    int size = 0;
                    for (String line : log.lines(start, Math.min(signed.size(), start + MAX_BATCH_ENTRIES))) {
                        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
                        if (!batch.isEmpty() && size + utf8.length > MAX_BATCH_BYTES) {
                            break;
                        }
                        batch.add(line);
                        size += utf8.length;
                        tree.addLeafHash(MerkleTree.leafHash(utf8));
                    }
                    SignedNote note = tree.size() == signed.size() ? signedNote
                            : new Checkpoint(key.name(), tree.size(), tree.root()).sign(key);
                    pipe.send(start, batch, note, tree.size(), tree.root());
                }
            }
            if (!pending.isEmpty()) {
                pipe.send(tree.size() - pending.size(), pending, pendingNote, tree.size(), tree.root());
            }
            return new Pushed(pipe.finish(), pipe.witnessedSize(held.size()), local);
        }
    }

    /**
     * One append in flight while the next batch is read and hashed here: the collector checks and
     * stores batch k while this device prepares k + 1, and appends still arrive strictly in order
     * (one at a time, on one connection). Each answer's cosignature is checked before the next
     * batch is sent; what was witnessed is stored durably every {@link #STORE_WITNESSED_EVERY_NANOS}
     * and when the push ends, however it ends (a cosignature lost in a crash is asked for again at
     * the next push: the collector returns its newest).
     */
    private final class Pipeline implements AutoCloseable {
        private final CollectorClient client;
        private final Cosigner witness;
        private final NoteKey key;
        private final java.util.concurrent.ExecutorService net = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "countersign-sync-send");
            t.setDaemon(true);
            return t;
        });
        private java.util.concurrent.Future<SyncStore.Witnessed> inFlight;
        private int inFlightCount;
        private long sent;
        private SyncStore.Witnessed newest;
        private boolean newestStored = true;
        private long storedAt = System.nanoTime();

        Pipeline(CollectorClient client, Cosigner witness, NoteKey key) {
            this.client = client;
            this.witness = witness;
            this.key = key;
        }

        void send(long start, List<String> batch, SignedNote note, long size, byte[] root) throws IOException {
            if (batch.isEmpty()) {
                throw new IllegalStateException("entry #" + start + " cannot be read");
            }
            collect();
            String formatted = note.format();
            inFlightCount = batch.size();
            inFlight = net.submit(() -> {
                CollectorClient.Held answer = client.append(start, batch, formatted);
                if (answer.size() != size || answer.cosignedNote() == null) {
                    throw new IOException("the collector answered an append up to " + size + " with " + answer.size()
                            + (answer.cosignedNote() == null ? " and no cosignature" : ""));
                }
                return checkCosigned(answer.cosignedNote(), witness, key, size, root);
            });
        }

        /** Waits for the append in flight and keeps what it witnessed. */
        private void collect() throws IOException {
            if (inFlight == null) {
                return;
            }
            java.util.concurrent.Future<SyncStore.Witnessed> f = inFlight;
            inFlight = null;
            SyncStore.Witnessed w;
            try {
                w = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new java.io.InterruptedIOException("sync interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(cause);
            }
            sent += inFlightCount;
            newest = w;
            newestStored = false;
            if (System.nanoTime() - storedAt >= STORE_WITNESSED_EVERY_NANOS) {
                storeNewest();
            }
        }

        private void storeNewest() {
            if (!newestStored && newest != null) {
                store.witnessed(newest);
                newestStored = true;
                storedAt = System.nanoTime();
            }
        }

        /** Waits for the last append; returns how many entries the collector took. */
        long finish() throws IOException {
            collect();
            storeNewest();
            return sent;
        }

        long witnessedSize(long heldBefore) {
            return newest == null ? heldBefore : newest.size();
        }

        /** However the push ends, nothing is left running and what was witnessed is kept. */
        @Override
        public void close() {
            try {
                if (inFlight != null) {
                    try {
                        collect();
                    } catch (IOException | RuntimeException ignored) {
                        // the push already fails with its own error; this append's outcome is asked for at the next push
                    }
                }
                storeNewest();
            } finally {
                net.shutdownNow();
            }
        }
    }

    /** Sends entries 0… again (the collector holds them all, so it stores none) until it names the first that differs. */
    private void locateConflict(CollectorClient client, NoteKey key, long heldSize) throws IOException {
        MerkleTree.Builder tree = new MerkleTree.Builder();
        while (tree.size() < heldSize) {
            long start = tree.size();
            List<String> batch = new ArrayList<>();
            for (AuditEntry entry : log.read(start, (int) Math.min(MAX_BATCH_ENTRIES, heldSize - start))) {
                batch.add(entry.line());
                tree.addLeafHash(MerkleTree.leafHash(entry.line().getBytes(StandardCharsets.UTF_8)));
            }
            if (batch.isEmpty()) {
                return;
            }
            client.append(start, batch, new Checkpoint(key.name(), tree.size(), tree.root()).sign(key).format());
        }
    }

    private SyncStore.Witnessed checkCosigned(String cosigned, Cosigner witness, NoteKey key, long size, byte[] root) {
        SignedNote note;
        Checkpoint body;
        try {
            note = SignedNote.parse(cosigned);
            body = Checkpoint.parse(note);
        } catch (IllegalArgumentException bad) {
            throw new CollectorRefusal(502, null, "the collector returned a checkpoint that is not a valid signed note: " + bad.getMessage());
        }
        if (!body.equals(new Checkpoint(key.name(), size, root))) {
            throw new CollectorRefusal(409, null, "the collector witnessed " + body + " but this workspace's log is "
                    + new Checkpoint(key.name(), size, root) + " at that size: the two histories differ");
        }
        if (!note.verifiedBy(key)) {
            throw new CollectorRefusal(502, null, "the checkpoint the collector returned is not signed by this device's log key");
        }
        Long time = witness.verifiedTime(note).orElseThrow(() -> new CollectorRefusal(502, null,
                "the collector's answer has no valid cosignature by the pinned key " + witness.vkey()));
        return new SyncStore.Witnessed(size, root, note.format(), Instant.ofEpochSecond(time), clock.instant());
    }

    /** The Merkle tree of the first {@code size} local entries: from the nearest stored frontier, then the lines after it. */
    private MerkleTree.Builder treeAt(long size) {
        Optional<AuditLog.StoredCheckpoint> near = log.checkpointAtOrBefore(size);
        MerkleTree.Builder tree = near.filter(c -> c.frontier() != null)
                .map(c -> MerkleTree.Builder.restore(c.size(), c.frontier())).orElseGet(MerkleTree.Builder::new);
        for (long at = tree.size(); at < size; at += MAX_BATCH_ENTRIES) {
            for (String line : log.lines(at, Math.min(size, at + MAX_BATCH_ENTRIES))) {
                tree.addLeafHash(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return tree;
    }
}
