package io.countersign.core.audit.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.core.audit.Jcs;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.audit.note.SignedNote;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A conforming verifier of export bundle v1, in the spec's order: the vkey (and its key ID), the
 * pinned key if one is given, the checkpoint's signature and body, then every entry (strict UTF-8,
 * strict JSON in the spec's subset, byte-equal to its RFC 8785 form, the schema, seq, ts), then
 * size and root. Streams the entries: memory does not grow with the bundle (unless a consistency
 * proof needs the leaf hashes).
 */
public final class BundleVerifier {

    /** {@code OK N entries root=…} or {@code FAIL: reason}. */
    public record Result(boolean ok, long size, String root, String message) {
        public String summary() {
            return ok ? "OK " + size + " entries root=" + root : "FAIL: " + message;
        }
    }

    private static final Pattern TS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$");
    private static final Set<String> KINDS = Set.of("human", "agent", "system");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BundleVerifier() {
    }

    private static Result fail(String why) {
        return new Result(false, 0, "", why);
    }

    /**
     * @param pinned the vkey the verifier expects, out of band (null: the bundle's own, which proves only self-consistency)
     * @param old    an earlier checkpoint this bundle must extend (null: none)
     */
    public static Result verify(Path dir, String pinned, Path old) {
        try {
            return verifyOrFail(dir, pinned, old);
        } catch (IOException e) {
            return fail("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static Result verifyOrFail(Path dir, String pinned, Path old) throws IOException {
        if (!Files.isDirectory(dir)) {
            return fail(dir + " is not a directory");
        }
        Set<String> names = new TreeSet<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        if (!names.equals(new TreeSet<>(List.of(Bundle.ENTRIES, Bundle.CHECKPOINT, Bundle.VKEY)))) {
            return fail("a bundle holds exactly entries.jsonl, checkpoint and log.vkey; " + dir + " holds " + names);
        }
        NoteKey key;
        try {
            String vkey = strict(Files.readAllBytes(dir.resolve(Bundle.VKEY)));
            if (vkey.endsWith("\n") && vkey.indexOf('\n') != vkey.length() - 1 || vkey.isEmpty()) {
                return fail("log.vkey is one line");
            }
            key = NoteKey.parseVkey(vkey);
            if (pinned != null && !key.vkey().equals(NoteKey.parseVkey(pinned.strip()).vkey())) {
                return fail("log.vkey is " + key.vkey() + ", not the pinned key " + pinned.strip());
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return fail("log.vkey: " + e.getMessage());
        }
        Checkpoint cp;
        try {
            cp = checkpoint(Files.readAllBytes(dir.resolve(Bundle.CHECKPOINT)), key);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return fail("checkpoint: " + e.getMessage());
        }
        Checkpoint older = null;
        if (old != null) {
            try {
                older = checkpoint(Files.readAllBytes(old), key);
            } catch (IllegalArgumentException | CharacterCodingException e) {
                return fail(old + ": " + e.getMessage());
            }
            if (!older.origin().equals(cp.origin())) {
                return fail("the earlier checkpoint is of " + older.origin() + ", this bundle of " + cp.origin());
            }
            if (older.size() > cp.size()) {
                return fail("the earlier checkpoint has " + older.size() + " entries, more than this bundle's " + cp.size()
                        + ": the log was cut");
            }
        }
        MerkleTree.Builder tree = new MerkleTree.Builder();
        List<byte[]> leaves = older != null && older.size() > 0 && older.size() < cp.size() ? new ArrayList<>() : null;
        byte[] olderRoot = older != null && older.size() == 0 ? MerkleTree.EMPTY_ROOT : null;
        long[] lastTs = {Long.MIN_VALUE, 0};
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(Bundle.ENTRIES)), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(1024);
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] bytes = line.toByteArray();
                line.reset();
                String problem = entry(bytes, n, lastTs);
                if (problem != null) {
                    return fail("entries.jsonl line " + (n + 1) + " (seq " + n + "): " + problem);
                }
                byte[] leaf = MerkleTree.leafHash(bytes);
                tree.addLeafHash(leaf);
                if (leaves != null) {
                    leaves.add(leaf);
                }
                n++;
                if (older != null && n == older.size()) {
                    olderRoot = tree.root();
                }
            }
            if (line.size() > 0) {
                return fail("entries.jsonl does not end with a newline after line " + (n + 1) + ": the file is cut or torn");
            }
        }
        if (n != cp.size()) {
            return fail("the checkpoint says " + cp.size() + " entries, entries.jsonl has " + n);
        }
        byte[] root = tree.root();
        if (!Arrays.equals(root, cp.rootBytes())) {
            return fail("the entries' tree root " + Base64.getEncoder().encodeToString(root) + " is not the checkpoint's "
                    + cp.rootBase64() + ": an entry was changed, added, removed or reordered");
        }
        if (older != null) {
            if (!Arrays.equals(olderRoot, older.rootBytes())) {
                return fail("the first " + older.size() + " entries do not have the earlier checkpoint's root "
                        + older.rootBase64() + ": history was rewritten");
            }
            if (leaves != null && !MerkleTree.verifyConsistency(older.size(), cp.size(), older.rootBytes(), root,
                    MerkleTree.consistencyProof((int) older.size(), leaves))) {
                return fail("the consistency proof from " + older.size() + " to " + cp.size() + " does not verify");
            }
        }
        return new Result(true, n, Base64.getEncoder().encodeToString(root), "");
    }

    private static Checkpoint checkpoint(byte[] bytes, NoteKey key) throws CharacterCodingException {
        SignedNote note = SignedNote.parse(strict(bytes));
        if (!note.verifiedBy(key)) {
            throw new IllegalArgumentException("not signed by " + key.name() + " (" + key.vkey() + ")");
        }
        Checkpoint cp = Checkpoint.parse(note);
        if (!cp.origin().equals(key.name())) {
            throw new IllegalArgumentException("the origin " + cp.origin() + " is not the key name " + key.name());
        }
        return cp;
    }

    /**
     * The problem with one entry line (null: none): strict UTF-8, JCS canonical JSON, the schema,
     * {@code seq} and a {@code ts} not before {@code lastTs} ({epoch second, nano}, updated). The
     * collector checks every entry it is sent with this too.
     */
    public static String entry(byte[] bytes, long seq, long[] lastTs) {
        if (bytes.length == 0) {
            return "empty line";
        }
        String text;
        try {
            text = strict(bytes);
        } catch (CharacterCodingException e) {
            return "not valid UTF-8";
        }
        if (text.indexOf('\r') >= 0) {
            return "carriage return (lines end with 0x0A only)";
        }
        if (text.charAt(0) == '\uFEFF') {
            return "byte order mark";
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "not JSON (" + e.getOriginalMessage() + ")";
        }
        if (!node.isObject()) {
            return "not a JSON object";
        }
        String canonical;
        try {
            canonical = Jcs.write(node); // refuses floats, integers beyond ±(2^53−1) and lone surrogates
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!canonical.equals(text)) {
            return "not the RFC 8785 canonical form of its event (member order, whitespace or escapes differ)";
        }
        JsonNode s = node.get("seq");
        if (s == null || !s.isIntegralNumber()) {
            return "\"seq\" is not a JSON integer";
        }
        if (s.asLong() != seq) {
            return "\"seq\" is " + s.asLong() + ", expected " + seq;
        }
        JsonNode ts = node.get("ts");
        if (ts == null || !ts.isTextual() || !TS.matcher(ts.asText()).matches()) {
            return "\"ts\" is not an RFC 3339 UTC time like 2025-03-01T09:00:00Z";
        }
        Instant at;
        try {
            at = Instant.parse(ts.asText());
            if (!at.toString().substring(0, 19).equals(ts.asText().substring(0, 19))) {
                return "\"ts\" " + ts.asText() + " is not a calendar time";
            }
        } catch (DateTimeParseException e) {
            return "\"ts\" " + ts.asText() + " is not a calendar time";
        }
        if (at.getEpochSecond() < lastTs[0] || at.getEpochSecond() == lastTs[0] && at.getNano() < lastTs[1]) {
            return "\"ts\" " + ts.asText() + " is earlier than the entry before it";
        }
        lastTs[0] = at.getEpochSecond();
        lastTs[1] = at.getNano();
        JsonNode actor = node.get("actor");
        if (actor == null || !actor.isObject() || !actor.path("kind").isTextual() || !KINDS.contains(actor.path("kind").asText())) {
            return "\"actor\".\"kind\" is not human, agent or system";
        }
        if (!actor.path("id").isTextual() || actor.path("id").asText().isEmpty()) {
            return "\"actor\".\"id\" is not a non-empty string";
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            return "\"type\" is not a non-empty string";
        }
        return null;
    }

    private static String strict(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer c = d.decode(ByteBuffer.wrap(bytes));
        return c.toString();
    }
}
