package io.countersign.core.audit.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** C2SP signed notes and vkeys against golang.org/x/mod/sumdb/note's and C2SP's own examples. */
class SignedNoteTest {

    private static final String PETER_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";

    @Test
    void theGoNoteVectorIsReproducedFromItsSeed() {
        byte[] skey = Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
        NoteKey peter = NoteKey.fromSeed("PeterNeumann", Arrays.copyOfRange(skey, 1, 33));
        assertEquals("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", peter.vkey());
        SignedNote n = SignedNote.sign(PETER_TEXT, peter);
        assertEquals("— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                n.signatures().get(0).line());
        NoteKey enoch = NoteKey.parseVkey("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
        SignedNote both = SignedNote.parse(n.format() + "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n");
        assertTrue(both.verifiedBy(NoteKey.parseVkey(peter.vkey())));
        assertTrue(both.verifiedBy(enoch));
        assertFalse(SignedNote.parse(n.format().replace("answer", "ANSWER")).verifiedBy(peter), "changed text");
    }

    @Test
    void theC2spExampleVerifiesAndBadVkeysAreNamed() {
        NoteKey foo = NoteKey.parseVkey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        assertTrue(SignedNote.parse("This is an example message.\n\n— example.com/foo "
                + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n").verifiedBy(foo));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NoteKey.parseVkey(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")).getMessage().contains("32 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NoteKey.parseVkey(
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).getMessage().contains("unknown key type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NoteKey.parseVkey(
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).getMessage().contains("does not match"));
    }

    @Test
    void theSpecsWorkedCheckpointIsExact() {
        byte[] seed = java.util.HexFormat.of().parseHex("0998019286e0c4434b09289e9a17e3bf8b944de43dfa5450914b1eea3573fe38");
        NoteKey key = NoteKey.fromSeed("audit.example.com/desktop-app/log-1", seed);
        assertEquals("audit.example.com/desktop-app/log-1+af265d3b+AdKaXVPXBF9LbAe/C/1A03OGIKzti15iuYKRXmlJpAJ2", key.vkey());
        byte[] root = java.util.HexFormat.of().parseHex("4e22ddd5867af5bc1959ff54fcf882f97aa1116c49b3e1d2ea8aabf13fa270c8");
        SignedNote note = new Checkpoint("audit.example.com/desktop-app/log-1", 2, root).sign(key);
        assertEquals("audit.example.com/desktop-app/log-1\n2\nTiLd1YZ69bwZWf9U/PiC+XqhEWxJs+HS6oqr8T+icMg=\n\n"
                + "— audit.example.com/desktop-app/log-1 ryZdO7Y2IhD1UCIGpDWkkT4TcgprDHF9CaHNlVtMbdZAqVYPyQBK0Os8EJsgKDeQtuFYVJVrxldCtKjuQQD+SN35zgk=\n",
                note.format());
        Checkpoint back = Checkpoint.parse(SignedNote.parse(note.format()));
        assertEquals(2, back.size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(SignedNote.parse(
                "o\n2\nTiLd1YZ69bwZWf9U/PiC+XqhEWxJs+HS6oqr8T+icMg=\nextra\n\n— o AAAAAAA=\n"))).getMessage().contains("extension"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(SignedNote.parse(
                "o\n02\nTiLd1YZ69bwZWf9U/PiC+XqhEWxJs+HS6oqr8T+icMg=\n\n— o AAAAAAA=\n"))).getMessage().contains("leading zeros"));
    }
}
