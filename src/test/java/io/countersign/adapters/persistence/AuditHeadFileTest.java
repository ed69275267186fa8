package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countersign.core.audit.AuditVerifier;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit head: written in place in two slots, so a torn write falls back to the previous head. */
class AuditHeadFileTest {

    @TempDir
    Path dir;

    private static AuditVerifier.Head head(long size, int fill) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) fill);
        return new AuditVerifier.Head(size, h);
    }

    @Test
    void theLatestWriteWinsEvenWhenItMovesTheHeadBack() {
        AuditHeadFile f = new AuditHeadFile(dir.resolve("audit.head"));
        f.write(head(5, 1));
        f.write(head(6, 2));
        f.write(head(4, 3)); // an acknowledged cut: the head goes back
        f.closeChannel();
        AuditVerifier.Head read = new AuditHeadFile(dir.resolve("audit.head")).read();
        assertEquals(4, read.size());
        assertArrayEquals(head(4, 3).chainHash(), read.chainHash());
    }

    @Test
    void aTornWriteLeavesThePreviousHead() throws Exception {
        Path p = dir.resolve("audit.head");
        AuditHeadFile f = new AuditHeadFile(p);
        f.write(head(10, 1)); // generation 1, slot 1
        f.write(head(11, 2)); // generation 2, slot 0
        f.closeChannel();
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.seek(20);
            raf.write("garbage".getBytes(StandardCharsets.US_ASCII)); // slot 0 torn mid-write
        }
        assertEquals(10, new AuditHeadFile(p).read().size());
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.seek(128 + 20);
            raf.write("garbage".getBytes(StandardCharsets.US_ASCII));
        }
        assertThrows(WorkspaceException.class, () -> new AuditHeadFile(p).read(), "both slots spoiled: said, not guessed");
    }

    @Test
    void theFirstVersionsOneLineHeadIsReadAndConverted() throws Exception {
        Path p = dir.resolve("audit.head");
        Files.writeString(p, "7 " + "ab".repeat(32) + "\n", StandardCharsets.US_ASCII);
        AuditHeadFile f = new AuditHeadFile(p);
        assertEquals(7, f.read().size());
        f.write(head(8, 9));
        f.closeChannel();
        assertEquals(256, Files.size(p));
        assertEquals(8, new AuditHeadFile(p).read().size());
    }
}
