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

    Head read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            return new Head(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1]));
        } catch (IOException | RuntimeException e) {
            throw new WorkspaceException("Audit head file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Replaces the head atomically and durably: temp file, fsync, rename, fsync of the directory. */
    void write(Head head) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = (head.size() + " " + HexFormat.of().formatHex(head.chainHash()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignored) {
                // Some file systems cannot fsync a directory; the rename is still atomic there.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit head " + file, e);
        }
    }
}
