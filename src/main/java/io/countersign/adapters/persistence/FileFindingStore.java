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
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int tab = text.indexOf('\t');
            long entry = -1;
            try {
                entry = tab > 0 ? Long.parseLong(text.substring(0, tab)) : -1;
            } catch (NumberFormatException unreadable) {
                // an edited file still refuses writes, with whatever it says
            }
            return Optional.of(new AuditIntegrity.Finding(entry, tab > 0 ? text.substring(tab + 1) : text));
        } catch (IOException e) {
            // Unreadable: fail closed all the same.
            return Optional.of(new AuditIntegrity.Finding(-1, "the audit finding file cannot be read: " + IoErrors.describe(e)));
        }
    }

    @Override
    public void write(AuditIntegrity.Finding finding) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, finding.entry() + "\t" + finding.text() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
