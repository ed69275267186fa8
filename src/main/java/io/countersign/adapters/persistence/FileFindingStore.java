package io.countersign.adapters.persistence;

import io.countersign.core.integrity.AuditIntegrity;
import io.countersign.core.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The open audit finding in a file beside the database ({@code audit.finding}: the entry number, a
 * tab, the finding), written atomically, so every later process refuses to write too.
 */
final class FileFindingStore implements AuditIntegrity.FindingStore {

    private final Path file;

    FileFindingStore(Path file) {
        this.file = file;
    }

    @Override
    public Optional<AuditIntegrity.Finding> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] f = Files.readString(file, StandardCharsets.UTF_8).strip().split("\t", 5);
            if (f.length == 5) {
                var row = f[1].equals("-") ? null
                        : new io.countersign.core.audit.AuditVerification.BrokenRow(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]);
                return Optional.of(new AuditIntegrity.Finding(Long.parseLong(f[0]), f[4], row));
            }
            return Optional.of(new AuditIntegrity.Finding(-1, String.join(" ", f)));
        } catch (IOException e) {
            // Unreadable: fail closed all the same.
            return Optional.of(new AuditIntegrity.Finding(-1, "the audit finding file cannot be read: " + IoErrors.describe(e)));
        } catch (NumberFormatException edited) {
            return Optional.of(new AuditIntegrity.Finding(-1, "the audit finding file was edited: " + file));
        }
    }

    /** Written to a temp file, forced to disk, moved over the old one and the directory forced. */
    @Override
    public void write(AuditIntegrity.Finding finding) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        var row = finding.row();
        String line = finding.entry() + "\t" + (row == null ? "-\t-\t-" : row.seq() + "\t" + row.leafHex() + "\t" + row.chainHex())
                + "\t" + finding.text().replace('\n', ' ').replace('\t', ' ') + "\n";
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(file.getParent())) {
                dir.force(true);
            } catch (IOException notSupported) {
                // some file systems cannot force a directory
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot record the audit finding in " + IoErrors.describe(e), e);
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clear the audit finding: " + IoErrors.describe(e), e);
        }
    }
}
