package io.countersign.core.audit.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** tlog-cosignature v1 (Ed25519, type 0x04), checked byte by byte against the C2SP text, not only round trips. */
class CosignerTest {

    private static final byte[] SEED = HexFormat.of().parseHex("0998019286e0c4434b09289e9a17e3bf8b944de43dfa5450914b1eea3573fe38");

    @Test
    void theCosignatureIsKeyIdTimestampAndASignatureOverTheV1Message() throws Exception {
        NoteKey log = NoteKey.fromSeed("audit.example.com/desktop-app/log-1", SEED);
        SignedNote note = new Checkpoint(log.name(), 2, new byte[32]).sign(log);
        Cosigner witness = Cosigner.fromSeed("witness.example.com/w1", NoteKey.newSeed());
        SignedNote cosigned = witness.cosign(note, 1_679_315_147L);

        assertEquals(2, cosigned.signatures().size());
        SignedNote.Signature line = cosigned.signatures().get(1);
        assertEquals("witness.example.com/w1", line.keyName());
        byte[] bytes = line.bytes();
        assertEquals(4 + 8 + 64, bytes.length);
        Cosigner parsed = Cosigner.parseVkey(witness.vkey());
        byte[] pub = Arrays.copyOfRange(Base64.getDecoder().decode(witness.vkey().split("\\+", 3)[2]), 1, 33);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("witness.example.com/w1\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(pub);
        assertArrayEquals(Arrays.copyOf(sha.digest(), 4), Arrays.copyOf(bytes, 4), "key ID over the name, 0x0A, 0x04 and the key");
        assertEquals(1_679_315_147L, ByteBuffer.wrap(bytes, 4, 8).getLong(), "big-endian POSIX seconds");
        String message = "cosignature/v1\ntime 1679315147\n" + note.text();
        assertTrue(NoteKey.verifierOnly("x", pub).verify(message.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(bytes, 12, 76)),
                "Ed25519 over the header line, the time line and the whole checkpoint body");

        assertEquals(1_679_315_147L, parsed.verifiedTime(SignedNote.parse(cosigned.format())).orElseThrow());
        assertTrue(note.verifiedBy(log) && SignedNote.parse(cosigned.format()).verifiedBy(log), "the log's own signature still verifies");
        assertTrue(parsed.verifiedTime(note).isEmpty(), "no cosignature, no time");
    }

    @Test
    void aCosignatureOnAnotherCheckpointOrByAnotherKeyDoesNotVerify() {
        NoteKey log = NoteKey.fromSeed("origin.test/log", SEED);
        Cosigner witness = Cosigner.fromSeed("witness.test/w", NoteKey.newSeed());
        SignedNote a = witness.cosign(new Checkpoint(log.name(), 1, new byte[32]).sign(log), 100);
        SignedNote moved = new SignedNote(new Checkpoint(log.name(), 2, new byte[32]).text(), a.signatures());
        assertTrue(witness.verifiedTime(moved).isEmpty(), "a cosignature moved onto another tree head");
        Cosigner other = Cosigner.fromSeed("witness.test/w", NoteKey.newSeed());
        assertTrue(other.verifiedTime(a).isEmpty(), "same name, another key: another key ID, ignored");
        assertFalse(witness.vkey().equals(other.vkey()));
    }

    @Test
    void aLogKeyIsNotACollectorKey() {
        NoteKey log = NoteKey.fromSeed("origin.test/log", SEED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cosigner.parseVkey(log.vkey()));
        assertTrue(e.getMessage().contains("log key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cosigner.parseVkey("nonsense"));
    }
}
