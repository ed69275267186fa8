package io.countersign.core.audit.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.NoteKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export bundle v1: the spec's worked example byte for byte, and every kind of tampering it must catch. */
class BundleTest {

    private static final String ORIGIN = "audit.example.com/desktop-app/log-1";
    private static final NoteKey KEY = NoteKey.fromSeed(ORIGIN,
            HexFormat.of().parseHex("0998019286e0c4434b09289e9a17e3bf8b944de43dfa5450914b1eea3573fe38"));
    private static final String L0 = "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":0,\"ts\":\"2025-03-01T09:00:00Z\","
            + "\"type\":\"session.login\"}";
    private static final String L1 = "{\"actor\":{\"id\":\"copilot-7\",\"kind\":\"agent\"},\"chars\":1234,\"doc\":\"Q1 “draft” ü\","
            + "\"seq\":1,\"ts\":\"2025-03-01T09:00:00.250Z\",\"type\":\"document.edit\"}";

    @TempDir
    Path dir;

    private static String line(int seq, String ts) {
        return "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"type\":\"draft.approved\"}";
    }

    private Path bundle(String name, List<String> lines) throws Exception {
        Path b = dir.resolve(name);
        Bundle.write(b, KEY, lines.iterator());
        return b;
    }

    @Test
    void theWorkedExampleIsWrittenByteForByteAndVerifies() throws Exception {
        Path b = bundle("example", List.of(L0, L1));
        assertEquals(L0 + "\n" + L1 + "\n", Files.readString(b.resolve("entries.jsonl"), StandardCharsets.UTF_8));
        assertEquals("385ab9c077cc6feb68bdc286295d5d7753fc9841b45c8f74970064066cc4ccea",
                HexFormat.of().formatHex(MerkleTree.leafHash(L0.getBytes(StandardCharsets.UTF_8))));
        assertEquals("4517a70e48518641fff7138592a77bb6847fbca019fb719a70a41266cef0717f",
                HexFormat.of().formatHex(MerkleTree.leafHash(L1.getBytes(StandardCharsets.UTF_8))));
        assertEquals(ORIGIN + "\n2\nTiLd1YZ69bwZWf9U/PiC+XqhEWxJs+HS6oqr8T+icMg=\n\n— " + ORIGIN
                + " ryZdO7Y2IhD1UCIGpDWkkT4TcgprDHF9CaHNlVtMbdZAqVYPyQBK0Os8EJsgKDeQtuFYVJVrxldCtKjuQQD+SN35zgk=\n",
                Files.readString(b.resolve("checkpoint"), StandardCharsets.UTF_8));
        assertEquals(ORIGIN + "+af265d3b+AdKaXVPXBF9LbAe/C/1A03OGIKzti15iuYKRXmlJpAJ2\n", Files.readString(b.resolve("log.vkey")));
        assertEquals("OK 2 entries root=TiLd1YZ69bwZWf9U/PiC+XqhEWxJs+HS6oqr8T+icMg=",
                BundleVerifier.verify(b, KEY.vkey(), null).summary());
        Path empty = bundle("empty", List.of());
        assertEquals("OK 0 entries root=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", BundleVerifier.verify(empty, null, null).summary());
    }

    /** Writes the example bundle, lets {@code change} alter entries.jsonl, and returns the verifier's verdict. */
    private String tampered(String name, java.util.function.UnaryOperator<String> change) throws Exception {
        Path b = bundle(name, List.of(L0, L1, line(2, "2025-03-01T09:00:01Z"), line(3, "2025-03-01T09:00:02Z")));
        Path entries = b.resolve("entries.jsonl");
        Files.writeString(entries, change.apply(Files.readString(entries, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return BundleVerifier.verify(b, null, null).summary();
    }

    @Test
    void editedDeletedInsertedReorderedOrCutEntriesAreCaught() throws Exception {
        assertTrue(tampered("edit", s -> s.replace("alice", "mallory")).contains("tree root"), "edited");
        String[] lines = {L0, L1, line(2, "2025-03-01T09:00:01Z"), line(3, "2025-03-01T09:00:02Z")};
        assertTrue(tampered("delete", s -> lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n").contains("\"seq\" is 3, expected 2"));
        assertTrue(tampered("reorder", s -> lines[1] + "\n" + lines[0] + "\n" + lines[2] + "\n" + lines[3] + "\n")
                .contains("line 1 (seq 0): \"seq\" is 1"));
        assertTrue(tampered("truncate", s -> s.substring(0, s.length() - 1)).contains("does not end with a newline"));
        assertTrue(tampered("cut", s -> lines[0] + "\n" + lines[1] + "\n").contains("the checkpoint says 4 entries, entries.jsonl has 2"));
        assertTrue(tampered("append", s -> s + line(4, "2025-03-01T09:00:03Z") + "\n").contains("says 4 entries"));
    }

    @Test
    void anythingOutsideTheCanonicalSubsetIsRefusedNamingTheLine() throws Exception {
        String[][] cases = {
                {"crlf", "\r\n", "carriage return"},
                {"spaces", "\"seq\":2", "\"seq\": 2", "not the RFC 8785 canonical form"},
                {"order", "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":2", "{\"seq\":2,\"actor\":{\"id\":\"alice\",\"kind\":\"human\"}", "canonical"},
                {"escape", "alice", "\\u0061lice", "canonical"},
                {"float", "\"seq\":2,", "\"seq\":2,\"x\":1.0,", "floats are not allowed"},
                {"exponent", "\"seq\":2,", "\"seq\":2,\"x\":1e2,", "floats are not allowed"},
                {"big", "\"seq\":2,", "\"seq\":2,\"x\":9007199254740992,", "outside"},
                {"duplicate", "\"seq\":2,", "\"seq\":2,\"seq\":2,", "not JSON"},
                {"surrogate", "\"seq\":2,", "\"seq\":2,\"x\":\"\\ud800\",", "lone surrogate"},
                {"seqstring", "\"seq\":2,", "\"seq\":\"2\",", "\"seq\" is not a JSON integer"},
                {"kind", "\"kind\":\"human\"},\"seq\":2", "\"kind\":\"robot\"},\"seq\":2", "\"kind\" is not human"},
                {"leap", "09:00:01Z", "23:59:60Z", "not an RFC 3339|not a calendar time"},
                {"offset", "09:00:01Z", "09:00:01+01:00", "not an RFC 3339"},
                {"backwards", "2025-03-01T09:00:01Z", "2025-03-01T09:00:00.1Z", "earlier than the entry before it"},
        };
        for (String[] c : cases) {
            String verdict = c.length == 3 ? tampered(c[0], s -> s.replace("\n", c[1]))
                    : tampered(c[0], s -> replaceInLine3(s, c[1], c[2]));
            String expect = c[c.length - 1];
            assertTrue(verdict.startsWith("FAIL: ") && java.util.regex.Pattern.compile(expect).matcher(verdict).find(),
                    c[0] + ": " + verdict);
        }
        // "…:00.5Z" sorts before "…:00Z" as text, but it is later: ts is compared as time
        Path later = bundle("numeric-ts", List.of(line(0, "2025-03-01T09:00:00Z"), line(1, "2025-03-01T09:00:00.5Z")));
        assertTrue(BundleVerifier.verify(later, null, null).ok());
    }

    private static String replaceInLine3(String s, String from, String to) {
        String[] l = s.split("\n", -1);
        assertTrue(l[2].contains(from), "test setup: " + from + " in " + l[2]);
        l[2] = l[2].replace(from, to);
        return String.join("\n", l);
    }

    @Test
    void theKeyTheCheckpointAndTheFilesMustBeThoseExpected() throws Exception {
        Path b = bundle("keys", List.of(L0, L1));
        NoteKey other = NoteKey.fromSeed(ORIGIN, new byte[32]);
        assertTrue(BundleVerifier.verify(b, other.vkey(), null).summary().contains("not the pinned key"));
        Path forged = bundle("forged", List.of(L0, L1));
        Files.writeString(forged.resolve("log.vkey"), other.vkey() + "\n");
        assertTrue(BundleVerifier.verify(forged, null, null).summary().contains("checkpoint: not signed by"), "old signature, new key");
        Path extra = bundle("extra", List.of(L0));
        Files.writeString(extra.resolve("notes.txt"), "hi");
        assertTrue(BundleVerifier.verify(extra, null, null).summary().contains("exactly entries.jsonl, checkpoint and log.vkey"));
        Path sig = bundle("sig", List.of(L0, L1));
        String cp = Files.readString(sig.resolve("checkpoint"));
        Files.writeString(sig.resolve("checkpoint"), cp.replace("\n2\n", "\n3\n"));
        assertTrue(BundleVerifier.verify(sig, null, null).summary().contains("not signed by"), "a changed size breaks the signature");
    }

    @Test
    void aBundleExtendsAnEarlierCheckpointOnlyIfHistoryWasNotRewritten() throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            all.add(line(i, "2025-03-01T09:00:" + (10 + i) + "Z"));
        }
        Path early = bundle("early", all.subList(0, 5));
        Path now = bundle("now", all);
        assertTrue(BundleVerifier.verify(now, null, early.resolve("checkpoint")).ok());
        assertTrue(BundleVerifier.verify(now, null, now.resolve("checkpoint")).ok(), "a checkpoint extends itself");
        List<String> rewritten = new ArrayList<>(all);
        rewritten.set(2, line(2, "2025-03-01T09:00:12Z").replace("alice", "mallory"));
        Path fork = bundle("fork", rewritten);
        assertTrue(BundleVerifier.verify(fork, null, null).ok(), "on its own the rewritten bundle is consistent");
        String v = BundleVerifier.verify(fork, null, early.resolve("checkpoint")).summary();
        assertTrue(v.contains("history was rewritten"), v);
        assertTrue(BundleVerifier.verify(early, null, now.resolve("checkpoint")).summary().contains("the log was cut"));
        assertFalse(BundleVerifier.verify(now, null, dir.resolve("missing")).ok());
    }
}
