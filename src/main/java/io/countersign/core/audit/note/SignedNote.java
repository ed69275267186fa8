package io.countersign.core.audit.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: text ending in a newline, a blank line, then signature lines
 * {@code — NAME BASE64(keyid || signature)}. Parsing splits text from signatures at the last blank
 * line and keeps every signature line; verification ignores keys it does not know.
 */
public record SignedNote(String text, List<Signature> signatures) {

    /** One signature line: the key name and its bytes (4-byte key ID, then the algorithm's signature). */
    public record Signature(String keyName, byte[] bytes) {
        public byte[] keyId() {
            return Arrays.copyOf(bytes, 4);
        }

        public String line() {
            return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(bytes) + "\n";
        }
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    public static SignedNote sign(String text, NoteKey key) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline");
        }
        byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[4 + sig.length];
        System.arraycopy(key.keyId(), 0, bytes, 0, 4);
        System.arraycopy(sig, 0, bytes, 4, sig.length);
        return new SignedNote(text, List.of(new Signature(key.name(), bytes)));
    }

    public SignedNote with(Signature extra) {
        List<Signature> all = new ArrayList<>(signatures);
        all.add(extra);
        return new SignedNote(text, all);
    }

    /** The note's bytes: text, blank line, signature lines. */
    public String format() {
        StringBuilder b = new StringBuilder(text).append('\n');
        signatures.forEach(s -> b.append(s.line()));
        return b.toString();
    }

    /** @throws IllegalArgumentException naming what is malformed */
    public static SignedNote parse(String note) {
        if (note.isEmpty() || !note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note ends with a newline");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("a signed note has no control characters (found U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("no blank line between the text and its signatures");
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2).split("\n", -1);
        List<Signature> sigs = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String l = lines[i];
            if (!l.startsWith("\u2014 ")) {
                throw new IllegalArgumentException("signature line " + (i + 1) + " does not start with '— '");
            }
            String rest = l.substring(2);
            int space = rest.indexOf(' ');
            if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException("signature line " + (i + 1) + " is not '— NAME SIGNATURE'");
            }
            String name = rest.substring(0, space);
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(rest.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signature line " + (i + 1) + " is not base64");
            }
            if (!NoteKey.validName(name) || bytes.length < 5) {
                throw new IllegalArgumentException("signature line " + (i + 1) + " has a bad key name or is too short");
            }
            sigs.add(new Signature(name, bytes));
        }
        if (!lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the note does not end with a newline after its last signature");
        }
        if (sigs.isEmpty()) {
            throw new IllegalArgumentException("the note has no signature");
        }
        return new SignedNote(text, sigs);
    }

    /**
     * Whether {@code key} signed this note: its (name, key ID) must appear and verify. A signature
     * line of this key that does not verify makes the note invalid even if another one does.
     */
    public boolean verifiedBy(NoteKey key) {
        boolean any = false;
        for (Signature s : signatures) {
            if (s.keyName().equals(key.name()) && Arrays.equals(s.keyId(), key.keyId())) {
                byte[] sig = Arrays.copyOfRange(s.bytes(), 4, s.bytes().length);
                if (sig.length != 64 || !key.verify(text.getBytes(StandardCharsets.UTF_8), sig)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
