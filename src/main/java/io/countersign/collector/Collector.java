package io.countersign.collector;

import io.countersign.core.audit.bundle.Bundle;
import io.countersign.core.audit.bundle.BundleVerifier;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.Cosigner;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.audit.note.SignedNote;
import io.countersign.core.sync.RequestSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The witness: enrols devices with one-time tokens, accepts from each only appends consistent with
 * what it holds, and cosigns each device checkpoint it accepted. Every append runs in one
 * transaction holding the device's row lock ({@code SELECT … FOR UPDATE}), so collector instances
 * sharing a PostgreSQL database serialize one device's appends and never interleave them.
 */
final class Collector {

    /** A device as enrolled: its row id, the name the operator gave it, its log's origin and key. */
    record Device(long id, String name, String origin, NoteKey key) {
    }

    /** What the collector holds of a device's log: size and the newest cosigned checkpoint (null while empty). */
    record Head(String name, String origin, long size, String root, String cosigned, Instant updatedAt) {
    }

    record Alert(long id, Instant at, String device, String kind, Long index, String message) {
    }

    record DeviceSummary(String name, String origin, String vkey, Instant enrolledAt, long size, Instant updatedAt,
                         String lastDeviceTs, String lastReceivedAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CollectorDatabase db;
    private final Cosigner key;
    private final Clock clock;

    /** @param key the witness key; null for the commands that only manage tokens and read alerts */
    Collector(CollectorDatabase db, Cosigner key, Clock clock) {
        this.db = db;
        this.key = key;
        this.clock = clock;
        if (key != null) {
            pin(key);
        }
    }

    Cosigner key() {
        return key;
    }

    /** Records the witness key in the database on first start; another key is refused. */
    private void pin(Cosigner key) {
        db.write(h -> {
            Optional<String> known = h.createQuery("SELECT v FROM collector_meta WHERE k = 'vkey'").mapTo(String.class).findOne();
            if (known.isEmpty()) {
                h.createUpdate("INSERT INTO collector_meta (k, v) VALUES ('vkey', :v)").bind("v", key.vkey()).execute();
            } else if (!known.get().equals(key.vkey())) {
                throw new IllegalStateException("this database is witnessed with the key " + known.get() + ", but this collector's key is "
                        + key.vkey() + ": every instance serving one database uses the same collector.key (copy it from the first)");
            }
            return null;
        });
    }

    private static String sha256Hex(String s) {
        return HexFormat.of().formatHex(RequestSignature.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String newSecret(String prefix) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A one-time token that lets one device enrol under {@code name}; only its hash is stored. */
    String newEnrollmentToken(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 200 || !n.matches("[\\p{L}\\p{N}._@-]+")) {
            throw new IllegalArgumentException("--origin: '" + name + "' is not a device name (letters, digits, '.', '_', '@', '-'; up to 200)");
        }
        boolean taken = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM device WHERE name = :n").bind("n", n)
                .mapTo(Long.class).one()) > 0;
        if (taken) {
            throw new IllegalArgumentException("--origin: a device named '" + n + "' is already enrolled; give the new device its own name");
        }
        String token = newSecret("cs-enroll-");
        db.write(h -> h.createUpdate("INSERT INTO collector_token (token_hash, kind, device_name, created_at) "
                + "VALUES (:h, 'enroll', :n, :at)").bind("h", sha256Hex(token)).bind("n", n).bind("at", clock.instant().toString()).execute());
        return token;
    }

    /** A reusable token for the administrator API (alerts, devices). */
    String newAdminToken() {
        String token = newSecret("cs-admin-");
        db.write(h -> h.createUpdate("INSERT INTO collector_token (token_hash, kind, created_at) VALUES (:h, 'admin', :at)")
                .bind("h", sha256Hex(token)).bind("at", clock.instant().toString()).execute());
        return token;
    }

    boolean isAdmin(String token) {
        return token != null && db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM collector_token WHERE token_hash = :h AND kind = 'admin'").bind("h", sha256Hex(token))
                .mapTo(Long.class).one()) > 0;
    }

    /** Enrols the device holding {@code vkey}'s private key under the token's name (once per token). */
    Head enroll(String token, String vkey) {
        NoteKey deviceKey;
        try {
            deviceKey = NoteKey.parseVkey(vkey == null ? "" : vkey);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "vkey: " + e.getMessage());
        }
        String now = clock.instant().toString();
        return db.write(h -> {
            var t = h.createQuery("SELECT device_name, used_at FROM collector_token WHERE token_hash = :h AND kind = 'enroll' FOR UPDATE")
                    .bind("h", sha256Hex(token == null ? "" : token))
                    .map((rs, ctx) -> new String[]{rs.getString("device_name"), rs.getString("used_at")}).findOne()
                    .orElseThrow(() -> new Refused(403, "unknown enrolment token (ask the collector's operator for one: 'collector token --origin NAME')"));
            if (t[1] != null) {
                throw new Refused(403, "this enrolment token was already used at " + t[1] + "; tokens are one-time");
            }
            long clash = h.createQuery("SELECT COUNT(*) FROM device WHERE name = :n OR origin = :o").bind("n", t[0])
                    .bind("o", deviceKey.name()).mapTo(Long.class).one();
            if (clash > 0) {
                throw new Refused(409, "a device named '" + t[0] + "' or with the log " + deviceKey.name() + " is already enrolled");
            }
            h.createUpdate("INSERT INTO device (name, origin, key_id, vkey, enrolled_at, size, root, frontier, last_ts) "
                            + "VALUES (:n, :o, :k, :v, :at, 0, :root, '', :ts)")
                    .bind("n", t[0]).bind("o", deviceKey.name()).bind("k", HexFormat.of().formatHex(deviceKey.keyId()))
                    .bind("v", deviceKey.vkey()).bind("at", now).bind("root", b64(MerkleTree.EMPTY_ROOT)).bind("ts", Long.MIN_VALUE)
                    .execute();
            h.createUpdate("UPDATE collector_token SET used_at = :at WHERE token_hash = :h").bind("at", now)
                    .bind("h", sha256Hex(token)).execute();
            return new Head(t[0], deviceKey.name(), 0, b64(MerkleTree.EMPTY_ROOT), null, null);
        });
    }

    /** The device that signed this request, if one did (and within the allowed clock skew). */
    Optional<Device> authenticate(String header, String method, String path, byte[] body) {
        Optional<RequestSignature.Parsed> parsed = RequestSignature.parse(header);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - parsed.get().time()) > RequestSignature.MAX_SKEW_SECONDS) {
            throw new Refused(401, "the request is signed at " + Instant.ofEpochSecond(parsed.get().time()) + " but the collector's clock says "
                    + clock.instant() + ": set the device's clock (more than " + RequestSignature.MAX_SKEW_SECONDS + " s apart)");
        }
        List<Device> candidates = db.jdbi().withHandle(h -> h.createQuery("SELECT id, name, origin, vkey FROM device WHERE key_id = :k")
                .bind("k", parsed.get().keyId())
                .map((rs, ctx) -> new Device(rs.getLong("id"), rs.getString("name"), rs.getString("origin"),
                        NoteKey.parseVkey(rs.getString("vkey")))).list());
        return candidates.stream().filter(d -> parsed.get().verifies(d.key(), method, path, body)).findFirst();
    }

    Head held(Device d) {
        return db.jdbi().withHandle(h -> head(h, d.id(), false));
    }

    private Head head(Handle h, long id, boolean lock) {
        return h.createQuery("SELECT name, origin, size, root, cosigned, updated_at FROM device WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .bind("id", id)
                .map((rs, ctx) -> new Head(rs.getString("name"), rs.getString("origin"), rs.getLong("size"), rs.getString("root"),
                        rs.getString("cosigned"), rs.getString("updated_at") == null ? null : Instant.parse(rs.getString("updated_at"))))
                .one();
    }

    /**
     * Appends {@code lines} as entries {@code start…} of the device's log if they extend what is held
     * and hash to {@code note}, the device's signed checkpoint; returns the head with the new
     * cosignature. Entries already held must be byte-identical (then they are skipped).
     *
     * @throws Refused 409 (recorded as an alert) for a different entry at a held index or a
     *                 checkpoint that does not extend the held tree; 400 for malformed input
     */
    Head append(Device d, long start, List<String> lines, String note) {
        SignedNote signed;
        Checkpoint cp;
        try {
            signed = SignedNote.parse(note == null ? "" : note);
            cp = Checkpoint.parse(signed);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "checkpoint: " + e.getMessage());
        }
        if (!cp.origin().equals(d.origin()) || !signed.verifiedBy(d.key())) {
            throw new Refused(400, "the checkpoint is not signed by the log key this device enrolled with (" + d.key().vkey() + ")");
        }
        if (start < 0 || cp.size() != start + lines.size()) {
            throw new Refused(400, "the checkpoint covers " + cp.size() + " entries but the request holds entries " + start + " to "
                    + (start + lines.size() - 1));
        }
        Instant now = clock.instant();
        try {
            return db.write(h -> appendLocked(h, d, start, lines, signed, cp, now));
        } catch (Refused r) {
            if (r.status == 409) {
                alert(d.name(), r.index == null ? "checkpoint" : "fork", r.index, r.getMessage());
            }
            throw r;
        }
    }

    private Head appendLocked(Handle h, Device d, long start, List<String> lines, SignedNote signed, Checkpoint cp, Instant now) {
        var row = h.createQuery("SELECT size, frontier, last_ts FROM device WHERE id = :id FOR UPDATE").bind("id", d.id())
                .map((rs, ctx) -> new Object[]{rs.getLong("size"), rs.getString("frontier"), rs.getLong("last_ts")}).one();
        long size = (Long) row[0];
        if (start > size) {
            throw new Refused(400, "the collector holds " + size + " entries of this log; send from entry " + size + ", not " + start,
                    null, size);
        }
        int n = lines.size();
        long overlapEnd = Math.min(size, start + n);
        if (overlapEnd > start) {
            List<String> held = h.createQuery("SELECT leaf_hash FROM log_entry WHERE device_id = :d AND idx >= :a AND idx < :b ORDER BY idx")
                    .bind("d", d.id()).bind("a", start).bind("b", overlapEnd).mapTo(String.class).list();
            for (long i = start; i < overlapEnd; i++) {
                String mine = b64(MerkleTree.leafHash(lines.get((int) (i - start)).getBytes(StandardCharsets.UTF_8)));
                if (!mine.equals(held.get((int) (i - start)))) {
                    throw new Refused(409, "entry #" + i + " differs from the entry #" + i + " this collector witnessed: the device's "
                            + "history was rewritten or forked after it was witnessed", i, size);
                }
            }
        }
        if (start + n <= size) {
            return head(h, d.id(), false); // everything already held: a resend is a no-op
        }
        String frontier = (String) row[1];
        MerkleTree.Builder tree = size == 0 ? new MerkleTree.Builder()
                : MerkleTree.Builder.restore(size, Base64.getDecoder().decode(frontier));
        long lastNanos = (Long) row[2];
        long[] lastTs = lastNanos == Long.MIN_VALUE ? new long[]{Long.MIN_VALUE, 0}
                : new long[]{Math.floorDiv(lastNanos, 1_000_000_000L), Math.floorMod(lastNanos, 1_000_000_000L)};
        String received = now.toString();
        // Each new entry is checked on its own (strict UTF-8, canonical JSON, fields) and hashed on all
        // cores; then, in order, each time against the one before it. The first problem found is the
        // one the sequential check would name.
        int fresh = (int) (start + n - size);
        int offset = (int) (size - start);
        String[] problems = new String[fresh];
        byte[][] leaves = new byte[fresh][];
        long[][] times = new long[fresh][];
        java.util.stream.IntStream.range(0, fresh).parallel().forEach(k -> {
            byte[] bytes = lines.get(offset + k).getBytes(StandardCharsets.UTF_8);
            long[] ts = {Long.MIN_VALUE, 0};
            problems[k] = BundleVerifier.entry(bytes, size + k, ts);
            times[k] = ts;
            leaves[k] = MerkleTree.leafHash(bytes);
        });
        var batch = h.prepareBatch("INSERT INTO log_entry (device_id, idx, line, leaf_hash, device_ts, received_at) "
                + "VALUES (:d, :i, :line, :leaf, :ts, :at)");
        for (int k = 0; k < fresh; k++) {
            long i = size + k;
            if (problems[k] != null) {
                throw new Refused(400, "entry #" + i + ": " + problems[k]);
            }
            long[] ts = times[k];
            if (ts[0] < lastTs[0] || ts[0] == lastTs[0] && ts[1] < lastTs[1]) {
                throw new Refused(400, "entry #" + i + ": \"ts\" " + Instant.ofEpochSecond(ts[0], ts[1])
                        + " is earlier than the entry before it");
            }
            lastTs = ts;
            tree.addLeafHash(leaves[k]);
            batch.bind("d", d.id()).bind("i", i).bind("line", lines.get(offset + k)).bind("leaf", b64(leaves[k]))
                    .bind("ts", Instant.ofEpochSecond(ts[0], ts[1]).toString()).bind("at", received).add();
        }
        if (!Arrays.equals(tree.root(), cp.rootBytes())) {
            throw new Refused(409, "the checkpoint of " + cp.size() + " entries has the root " + cp.rootBase64() + ", but the entries this "
                    + "collector holds and the ones sent hash to " + b64(tree.root()) + ": it does not extend the witnessed log", null, size);
        }
        batch.execute();
        SignedNote cosigned = key.cosign(new SignedNote(signed.text(), deviceSignatures(signed, d.key())), now.getEpochSecond());
        h.createUpdate("UPDATE device SET size = :size, root = :root, frontier = :frontier, last_ts = :ts, note = :note, "
                        + "cosigned = :cosigned, updated_at = :at WHERE id = :id")
                .bind("size", tree.size()).bind("root", b64(tree.root())).bind("frontier", b64(tree.frontier()))
                .bind("ts", lastTs[0] * 1_000_000_000L + lastTs[1]).bind("note", signed.format())
                .bind("cosigned", cosigned.format()).bind("at", received).bind("id", d.id()).execute();
        return new Head(d.name(), d.origin(), tree.size(), b64(tree.root()), cosigned.format(), now);
    }

    /** The device's own signature lines (whatever else a client put in the note is not cosigned). */
    private static List<SignedNote.Signature> deviceSignatures(SignedNote note, NoteKey key) {
        return note.signatures().stream().filter(s -> s.keyName().equals(key.name()) && Arrays.equals(s.keyId(), key.keyId())).toList();
    }

    /** Records an alert, once per device, kind, entry and message (a device retrying does not flood the list). */
    void alert(String device, String kind, Long index, String message) {
        db.write(h -> {
            long same = h.createQuery("SELECT COUNT(*) FROM alert WHERE device_name = :d AND kind = :k AND message = :m")
                    .bind("d", device).bind("k", kind).bind("m", message).mapTo(Long.class).one();
            if (same == 0) {
                h.createUpdate("INSERT INTO alert (at, device_name, kind, idx, message) VALUES (:at, :d, :k, :i, :m)")
                        .bind("at", clock.instant().toString()).bind("d", device).bind("k", kind).bind("i", index).bind("m", message)
                        .execute();
            }
            return null;
        });
    }

    List<Alert> alerts() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM alert ORDER BY id")
                .map((rs, ctx) -> new Alert(rs.getLong("id"), Instant.parse(rs.getString("at")), rs.getString("device_name"),
                        rs.getString("kind"), (Long) rs.getObject("idx", Long.class), rs.getString("message")))
                .list());
    }

    List<DeviceSummary> devices() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT d.name, d.origin, d.vkey, d.enrolled_at, d.size, d.updated_at, "
                        + "(SELECT e.device_ts FROM log_entry e WHERE e.device_id = d.id AND e.idx = d.size - 1) AS last_ts, "
                        + "(SELECT e.received_at FROM log_entry e WHERE e.device_id = d.id AND e.idx = d.size - 1) AS last_received "
                        + "FROM device d ORDER BY d.name")
                .map((rs, ctx) -> new DeviceSummary(rs.getString("name"), rs.getString("origin"), rs.getString("vkey"),
                        Instant.parse(rs.getString("enrolled_at")), rs.getLong("size"),
                        rs.getString("updated_at") == null ? null : Instant.parse(rs.getString("updated_at")),
                        rs.getString("last_ts"), rs.getString("last_received")))
                .list());
    }

    /** Writes what the collector holds of a device's log (by its name or its log's origin) as a bundle. */
    Bundle.Written export(String nameOrOrigin, Path dir) throws IOException {
        var found = db.jdbi().withHandle(h -> h.createQuery("SELECT id, vkey, size, note FROM device WHERE name = :n OR origin = :n")
                .bind("n", nameOrOrigin)
                .map((rs, ctx) -> new Object[]{rs.getLong("id"), rs.getString("vkey"), rs.getLong("size"), rs.getString("note")})
                .findOne())
                .orElseThrow(() -> new IllegalArgumentException("--origin: no device named or with the log '" + nameOrOrigin + "' is enrolled"
                        + " (see 'collector devices')"));
        long id = (Long) found[0];
        long size = (Long) found[2];
        if (found[3] == null) {
            throw new IllegalArgumentException("--origin " + nameOrOrigin + ": the collector holds no entries of this device yet");
        }
        SignedNote note = SignedNote.parse((String) found[3]);
        return Bundle.writeSigned(dir, (String) found[1], note, lines(id, size));
    }

    private Iterator<String> lines(long device, long size) {
        return new Iterator<>() {
            private long next;
            private List<String> page = List.of();
            private int at;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (at == page.size()) {
                    page = db.jdbi().withHandle(h -> h.createQuery("SELECT line FROM log_entry WHERE device_id = :d AND idx >= :from "
                                    + "ORDER BY idx LIMIT 5000").bind("d", device).bind("from", next).mapTo(String.class).list());
                    at = 0;
                    if (page.isEmpty()) {
                        throw new IllegalStateException("entry #" + next + " is missing from the collector's database");
                    }
                }
                next++;
                return page.get(at++);
            }
        };
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
