package io.countersign.core.audit.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * A C2SP tlog-checkpoint as audit-bundle-v1 fixes it: {@code origin\nsize\nbase64(root)\n}, no
 * extension lines, signed by a key named as the origin.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        if (!NoteKey.validName(origin)) {
            throw new IllegalArgumentException("the origin is non-empty, without spaces or '+': '" + origin + "'");
        }
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("a checkpoint has a size ≥ 0 and a 32-byte root");
        }
        root = root.clone();
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public byte[] rootBytes() {
        return root.clone();
    }

    public String rootBase64() {
        return Base64.getEncoder().encodeToString(root);
    }

    public SignedNote sign(NoteKey key) {
        if (!key.name().equals(origin)) {
            throw new IllegalArgumentException("the key name " + key.name() + " must equal the origin " + origin);
        }
        return SignedNote.sign(text(), key);
    }

    /** The checkpoint in a note's text. @throws IllegalArgumentException naming what is malformed */
    public static Checkpoint parse(SignedNote note) {
        String[] lines = note.text().split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw new IllegalArgumentException(lines.length > 4 ? "the checkpoint has extension lines (v1 forbids them)"
                    : "a checkpoint is three lines: origin, size, root");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("the size '" + lines[1] + "' is not a decimal without leading zeros");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the root is not base64");
        }
        if (root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new IllegalArgumentException("the root is not the padded base64 of 32 bytes");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return origin + " " + size + " " + rootBase64();
    }
}
