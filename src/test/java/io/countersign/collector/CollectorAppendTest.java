package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.sync.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the collector refuses in an append, checked entry by entry (on all cores) and then in order:
 * the first bad entry is the one named, whatever follows it, a time going backwards is caught inside
 * a batch and across batches, and nothing of a refused batch is stored.
 */
class CollectorAppendTest {

    @TempDir
    Path data;

    private CollectorDatabase db;
    private Collector collector;
    private Collector.Device device;
    private NoteKey key;

    @BeforeEach
    void enrol() throws Exception {
        db = CollectorDatabase.open(data, null, null, null);
        collector = new Collector(db, CollectorKey.loadOrCreate(data, "witness.test/append"), Clock.systemUTC());
        key = NoteKey.fromSeed("countersign.local/append", NoteKey.newSeed());
        collector.enroll(collector.newEnrollmentToken("dev"), key.vkey());
        device = collector.authenticate(RequestSignature.header(key, "GET", "/v1/log", Clock.systemUTC().instant().getEpochSecond(),
                new byte[0]), "GET", "/v1/log", new byte[0]).orElseThrow();
    }

    @AfterEach
    void close() {
        db.close();
    }

    static String line(long seq, String ts) {
        return "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"type\":\"test.entry\"}";
    }

    private static List<String> lines(long from, int n) {
        List<String> out = new ArrayList<>();
        for (long i = from; i < from + n; i++) {
            out.add(line(i, String.format("2026-12-01T09:%02d:%02dZ", (i / 60) % 60, i % 60)));
        }
        return out;
    }

    /** The device's signed checkpoint over what the collector holds plus {@code lines}. */
    private String note(List<String> held, List<String> lines) {
        MerkleTree.Builder tree = new MerkleTree.Builder();
        for (String l : held) {
            tree.addLeafHash(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8)));
        }
        for (String l : lines) {
            tree.addLeafHash(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8)));
        }
        return new Checkpoint(key.name(), tree.size(), tree.root()).sign(key).format();
    }

    private Refused refused(List<String> held, List<String> batch) {
        return assertThrows(Refused.class, () -> collector.append(device, held.size(), batch, note(held, batch)));
    }

    @Test
    void theFirstBadEntryIsNamedAndNothingOfTheBatchIsStored() {
        List<String> good = lines(0, 300);
        collector.append(device, 0, good, note(List.of(), good));
        assertEquals(300, collector.held(device).size());

        List<String> batch = new ArrayList<>(lines(300, 500));
        batch.set(417 - 300, batch.get(417 - 300).replace("{\"actor\"", "{ \"actor\"")); // not canonical
        batch.set(450 - 300, "{\"seq\":450}"); // later problems are not the ones named
        batch.set(499 - 300, "\uFEFF" + batch.get(499 - 300));
        Refused r = refused(good, batch);
        assertEquals(400, r.status);
        assertTrue(r.getMessage().startsWith("entry #417: not the RFC 8785 canonical form"), r.getMessage());

        List<String> wrongSeq = new ArrayList<>(lines(300, 10));
        wrongSeq.set(3, line(999, "2026-12-01T09:05:03Z"));
        assertTrue(refused(good, wrongSeq).getMessage().startsWith("entry #303: \"seq\" is 999, expected 303"));

        List<String> backwards = new ArrayList<>(lines(300, 10));
        backwards.set(6, line(306, "2026-12-01T09:04:00Z"));
        assertEquals("entry #306: \"ts\" 2026-12-01T09:04:00Z is earlier than the entry before it", refused(good, backwards).getMessage());

        List<String> beforeHeld = List.of(line(300, "2026-12-01T08:00:00Z"));
        assertEquals("entry #300: \"ts\" 2026-12-01T08:00:00Z is earlier than the entry before it", refused(good, beforeHeld).getMessage(),
                "the first new entry is compared with the last one held");

        List<String> broken = new ArrayList<>(lines(300, 5));
        broken.set(2, "not json");
        assertTrue(refused(good, broken).getMessage().startsWith("entry #302: not JSON"));

        assertEquals(300, collector.held(device).size(), "no refused batch stored anything");
        List<String> rest = lines(300, 500);
        collector.append(device, 300, rest, note(good, rest));
        assertEquals(800, collector.held(device).size(), "the good batch is taken afterwards");
    }

    @Test
    void aLinesBodyIsSplitAtLineBreaksStrictlyDecodedAndMustNotBeCutShort() {
        byte[] body = "{\"start\":0}\n{\"a\":\"\u00e9\u4e2d\ud83d\ude00\"}\n{\"b\":1}\n".getBytes(StandardCharsets.UTF_8);
        int header = "{\"start\":0}\n".length();
        assertEquals(List.of("{\"a\":\"\u00e9\u4e2d\ud83d\ude00\"}", "{\"b\":1}"), CollectorServer.entryLines(body, header));
        assertEquals(List.of(), CollectorServer.entryLines(body, body.length));

        byte[] cut = java.util.Arrays.copyOf(body, body.length - 1);
        assertEquals("entry 1 of the body does not end with a line break (cut short?)",
                assertThrows(Refused.class, () -> CollectorServer.entryLines(cut, header)).getMessage());
        byte[] bad = body.clone();
        bad[header + 7] = (byte) 0xC3; // a lead byte where a continuation was: not UTF-8
        bad[header + 8] = (byte) 0x41;
        Refused r = assertThrows(Refused.class, () -> CollectorServer.entryLines(bad, header));
        assertEquals(400, r.status);
        assertEquals("entry 0 of the body is not valid UTF-8", r.getMessage());
    }
}
