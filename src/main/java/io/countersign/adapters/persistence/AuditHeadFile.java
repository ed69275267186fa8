package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditVerifier.Head;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * The last confirmed size and chain hash of the audit log, kept beside the database. Written only
 * after the database has forced its data to disk, so the file never claims more than the database
 * holds; a database with fewer entries than the head has lost or had entries removed.
 */
final class AuditHeadFile {

    private final Path file;

    AuditHeadFile(Path file) {
        this.file = file;
    }

    /*
     * Two fixed 128-byte slots, written alternately in place with one data sync each: a write torn
     * by a crash can only spoil the slot being written, and the other still holds the head before
     * it (which never claims more than the database holds). Each slot: "generation size hash crc32",
     * space padded; the intact slot of the higher generation is the head (it may be lower than the
     * other: an acknowledged cut moves the head back). The first version's single line
     * ("size hash\n") is still read.
     */
    private static final int SLOT = 128;
    private java.nio.channels.FileChannel channel;
    private long written = -1;

    Head read() {
        long[] generation = new long[1];
        return read(generation);
    }

    private Head read(long[] generation) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 2 * SLOT) {
                String[] parts = new String(all, StandardCharsets.US_ASCII).trim().split(" ");
                return new Head(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1]));
            }
            Head best = null;
            long bestGeneration = -1;
            for (int slot = 0; slot < 2; slot++) {
                String[] parsed = parseSlot(new String(all, slot * SLOT, SLOT, StandardCharsets.US_ASCII));
                if (parsed != null && Long.parseLong(parsed[0]) > bestGeneration) {
                    bestGeneration = Long.parseLong(parsed[0]);
                    best = new Head(Long.parseLong(parsed[1]), HexFormat.of().parseHex(parsed[2]));
                }
            }
            generation[0] = bestGeneration;
            if (best == null) {
                throw new IOException("neither of its two records is intact");
            }
            return best;
        } catch (IOException | RuntimeException e) {
            throw new WorkspaceException("Audit head file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** generation, size, hash of an intact slot; null for a torn or empty one. */
    private static String[] parseSlot(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length != 4) {
            return null;
        }
        String body = parts[0] + " " + parts[1] + " " + parts[2];
        if (!Long.toHexString(crc(body)).equals(parts[3])) {
            return null;
        }
        try {
            Long.parseLong(parts[0]);
            Long.parseLong(parts[1]);
            HexFormat.of().parseHex(parts[2]);
            return parts;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] slot(long generation, Head head) {
        String body = generation + " " + head.size() + " " + HexFormat.of().formatHex(head.chainHash());
        byte[] bytes = new byte[SLOT];
        java.util.Arrays.fill(bytes, (byte) ' ');
        byte[] text = (body + " " + Long.toHexString(crc(body))).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bytes, 0, text.length);
        bytes[SLOT - 1] = '\n';
        return bytes;
    }

    private static long crc(String s) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(s.getBytes(StandardCharsets.US_ASCII));
        return c.getValue();
    }

    /** Records the head durably: one in-place write and one data sync (the file is made once, durably). */
    synchronized void write(Head head) {
        try {
            if (channel == null) {
                open();
            }
            written++;
            channel.write(ByteBuffer.wrap(slot(written, head)), (written % 2) * SLOT);
            channel.force(false);
        } catch (IOException e) {
            closeChannel();
            throw new UncheckedIOException("cannot write audit head " + file, e);
        }
    }

    /** Makes (or converts) the file in the two-slot form, durably, then keeps it open for writing. */
    private void open() throws IOException {
        long[] generation = {0};
        Head current = Files.exists(file) ? read(generation) : null;
        boolean convert = current == null || Files.size(file) < 2 * SLOT;
        if (convert) {
            byte[] initial = new byte[2 * SLOT];
            java.util.Arrays.fill(initial, (byte) ' ');
            initial[SLOT - 1] = '\n';
            initial[2 * SLOT - 1] = '\n';
            if (current != null) {
                System.arraycopy(slot(0, current), 0, initial, 0, SLOT);
            }
            generation[0] = 0;
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(initial));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignored) {
                // Some file systems cannot fsync a directory; the rename is still atomic there.
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        written = Math.max(0, generation[0]);
    }

    /** Closes the open file (the workspace closes, or a write failed and the next one reopens it). */
    synchronized void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to write through it
            }
            channel = null;
        }
    }
}
