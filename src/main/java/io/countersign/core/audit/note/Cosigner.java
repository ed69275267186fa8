package io.countersign.core.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A witness key per C2SP tlog-cosignature v1 (Ed25519, signature type {@code 0x04}): it signs
 * {@code cosignature/v1\ntime <POSIX seconds>\n} followed by a checkpoint's note text, and the
 * signature line carries {@code keyid(4) || timestamp(8, big-endian) || signature(64)}. Its key ID
 * and vkey use type 0x04, so a cosignature can never pass for the log's own signature (type 0x01)
 * and the bundle verifier, which knows only the log key, ignores it.
 */
public final class Cosigner {

    public static final byte COSIGNATURE_V1 = 0x04;

    private final String name;
    private final NoteKey ed25519;
    private final byte[] keyId;

    private Cosigner(String name, NoteKey ed25519) {
        if (!NoteKey.validName(name)) {
            throw new IllegalArgumentException("a cosigner name is non-empty, without spaces or '+': '" + name + "'");
        }
        this.name = name;
        this.ed25519 = ed25519;
        this.keyId = NoteKey.keyId(name, COSIGNATURE_V1, ed25519.publicKey());
    }

    public static Cosigner fromSeed(String name, byte[] seed) {
        return new Cosigner(name, NoteKey.fromSeed(name, seed));
    }

    /**
     * Parses {@code name+hex8(keyid)+base64(0x04 || pub32)}, splitting on the first two {@code +}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cosigner parseVkey(String vkey) {
        String v = vkey.strip();
        int a = v.indexOf('+');
        int b = a < 0 ? -1 : v.indexOf('+', a + 1);
        if (a <= 0 || b < 0) {
            throw new IllegalArgumentException("a collector key is NAME+KEYID+KEY, not '" + abbreviate(v) + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(v.substring(b + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the collector key's last part is not base64");
        }
        if (key.length != 33 || key[0] != COSIGNATURE_V1) {
            throw new IllegalArgumentException("a collector key is a tlog-cosignature v1 Ed25519 key (type 0x04, 32 bytes)"
                    + (key.length > 0 && key[0] == NoteKey.ED25519 ? "; this is a log key (type 0x01)" : ""));
        }
        String name = v.substring(0, a);
        Cosigner c = new Cosigner(name, NoteKey.verifierOnly(name, Arrays.copyOfRange(key, 1, 33)));
        if (!HexFormat.of().formatHex(c.keyId).equals(v.substring(a + 1, b))) {
            throw new IllegalArgumentException("the collector key's ID " + v.substring(a + 1, b) + " does not match its key");
        }
        return c;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    public String name() {
        return name;
    }

    public String vkey() {
        byte[] typed = new byte[33];
        typed[0] = COSIGNATURE_V1;
        System.arraycopy(ed25519.publicKey(), 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    static byte[] message(String checkpointText, long time) {
        return ("cosignature/v1\ntime " + time + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** The note with this witness's cosignature, made at {@code time} (POSIX seconds), appended. */
    public SignedNote cosign(SignedNote note, long time) {
        if (time < 0) {
            throw new IllegalArgumentException("a cosignature's time is not before 1970");
        }
        byte[] sig = ed25519.sign(message(note.text(), time));
        ByteBuffer bytes = ByteBuffer.allocate(4 + 8 + sig.length);
        bytes.put(keyId).putLong(time).put(sig);
        return note.with(new SignedNote.Signature(name, bytes.array()));
    }

    /**
     * The time of this witness's valid cosignature on {@code note}, if it has one. A cosignature line
     * of this key that does not verify makes the answer empty even if another does.
     */
    public Optional<Long> verifiedTime(SignedNote note) {
        Long time = null;
        for (SignedNote.Signature s : note.signatures()) {
            if (!s.keyName().equals(name) || !Arrays.equals(s.keyId(), keyId)) {
                continue;
            }
            byte[] b = s.bytes();
            if (b.length != 4 + 8 + 64) {
                return Optional.empty();
            }
            long t = ByteBuffer.wrap(b, 4, 8).getLong();
            if (t < 0 || !ed25519.verify(message(note.text(), t), Arrays.copyOfRange(b, 12, b.length))) {
                return Optional.empty();
            }
            time = time == null ? t : Math.max(time, t);
        }
        return Optional.ofNullable(time);
    }

    @Override
    public String toString() {
        return vkey();
    }
}
