package io.countersign.core.audit.bundle;

import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.audit.note.SignedNote;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;

/**
 * Export bundle v1 ({@code ../shared/specs/audit-bundle-v1.md}): a directory of exactly
 * {@code entries.jsonl} (each stored canonical line and {@code 0x0A}), {@code checkpoint} (the
 * signed tree head of those lines) and {@code log.vkey}. Written to a temporary directory beside
 * the target and renamed into place, so a bundle is whole or absent.
 */
public final class Bundle {

    public static final String ENTRIES = "entries.jsonl";
    public static final String CHECKPOINT = "checkpoint";
    public static final String VKEY = "log.vkey";

    private Bundle() {
    }

    /** What was written. */
    public record Written(long size, Checkpoint checkpoint, SignedNote note) {
    }

    /**
     * @param lines the log's canonical lines in order, from entry 0 (a prefix of the log)
     * @throws IOException when the directory cannot be written; {@code dir} must not exist or be empty
     */
    public static Written write(Path dir, NoteKey key, Iterator<String> lines) throws IOException {
        return write(dir, key.vkey(), lines, tree -> {
            Checkpoint cp = new Checkpoint(key.name(), tree.size(), tree.root());
            return cp.sign(key);
        });
    }

    /**
     * Writes a bundle of a log whose key is not here (the collector exports what a device sent): the
     * lines must hash to the device's own signed checkpoint {@code note}, which is written as it is
     * (with any cosignature lines, which bundle verifiers ignore).
     *
     * @throws IOException also when the lines do not hash to the note's checkpoint
     */
    public static Written writeSigned(Path dir, String vkey, SignedNote note, Iterator<String> lines) throws IOException {
        Checkpoint signed = Checkpoint.parse(note);
        return write(dir, vkey, lines, tree -> {
            if (tree.size() != signed.size() || !java.util.Arrays.equals(tree.root(), signed.rootBytes())) {
                throw new IOException("the " + tree.size() + " entries held do not hash to the checkpoint " + signed
                        + ": not written");
            }
            return note;
        });
    }

    private interface Signer {
        SignedNote sign(MerkleTree.Builder tree) throws IOException;
    }

    private static Written write(Path dir, String vkey, Iterator<String> lines, Signer signer) throws IOException {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new IOException(dir + " already exists and is not an empty directory: choose a new one "
                    + "(a bundle is never written over another)");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, ".bundle-");
        try {
            MerkleTree.Builder tree = new MerkleTree.Builder();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(ENTRIES)), 1 << 16)) {
                while (lines.hasNext()) {
                    byte[] line = lines.next().getBytes(StandardCharsets.UTF_8);
                    tree.addLeafHash(MerkleTree.leafHash(line));
                    out.write(line);
                    out.write('\n');
                }
            }
            SignedNote note = signer.sign(tree);
            Checkpoint cp = Checkpoint.parse(note);
            Files.writeString(tmp.resolve(CHECKPOINT), note.format(), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(VKEY), vkey + "\n", StandardCharsets.UTF_8);
            for (String f : new String[]{ENTRIES, CHECKPOINT, VKEY}) {
                force(tmp.resolve(f), false);
            }
            force(tmp, true);
            if (Files.exists(dir)) {
                Files.delete(dir); // empty, checked above
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            force(parent, true);
            return new Written(tree.size(), cp, note);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** On disk before the rename publishes the bundle (a directory sync is skipped where the file system cannot). */
    private static void force(Path p, boolean directory) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(p, directory ? java.nio.file.StandardOpenOption.READ
                : java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteQuietly(Path tmp) {
        try (var s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover temporary directory names itself .bundle-…
        }
    }
}
