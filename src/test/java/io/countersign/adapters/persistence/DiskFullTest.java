package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.demo.DemoDrafts;
import io.countersign.core.draft.Draft;
import io.countersign.core.store.StorageFullException;
import io.countersign.core.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: writes are refused whole with one line naming the disk, nothing is half-written,
 * and the workspace stays readable. On a real 100 MB tmpfs where the test may mount one (root on
 * Linux), and everywhere with the reserve raised above the free space.
 */
class DiskFullTest {

    @TempDir
    Path dir;

    private static Iterator<Draft> drafts(long from, long count) {
        DemoDrafts demo = new DemoDrafts(7, Instant.parse("2026-11-02T08:00:00Z"));
        return new Iterator<>() {
            long n = from;

            @Override
            public boolean hasNext() {
                return n < from + count;
            }

            @Override
            public Draft next() {
                return demo.next(n++);
            }
        };
    }

    @Test
    void aWriteIsRefusedWholeWhileTheDiskIsNearlyFullAndReadsGoOn() {
        Path home = dir.resolve("ws");
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            app.importer().importDrafts("first", drafts(0, 10), Progress.NONE);
        }
        long free = home.toFile().getUsableSpace();
        String saved = System.getProperty(DiskSpace.RESERVE_PROPERTY);
        System.setProperty(DiskSpace.RESERVE_PROPERTY, String.valueOf((free >> 20) + 1024));
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            StorageFullException e = assertThrows(StorageFullException.class,
                    () -> app.importer().importDrafts("second", drafts(10, 10), Progress.NONE));
            assertTrue(e.getMessage().startsWith("the disk holding " + home.toAbsolutePath().normalize()), e.getMessage());
            assertTrue(e.getMessage().contains("is nearly full") && e.getMessage().contains("refused whole"), e.getMessage());
            assertEquals(10, app.drafts().countByStatus().values().stream().mapToLong(Long::longValue).sum());
            assertTrue(app.audit().verify().ok());
        } finally {
            if (saved == null) {
                System.clearProperty(DiskSpace.RESERVE_PROPERTY);
            } else {
                System.setProperty(DiskSpace.RESERVE_PROPERTY, saved);
            }
        }
    }

    @Test
    void onARealFullTmpfsImportsStopAtABatchBoundaryAndTheWorkspaceStaysReadable() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tmpfs"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root on Linux): "
                + new String(p.getInputStream().readAllBytes()).strip());
        try {
            Path home = mount.resolve("ws");
            long stored;
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                StorageFullException e = assertThrows(StorageFullException.class,
                        () -> app.importer().importDrafts("big", drafts(0, 200_000), Progress.NONE));
                assertTrue(e.getMessage().startsWith("the disk holding"), e.getMessage());
                stored = app.drafts().countByStatus().values().stream().mapToLong(Long::longValue).sum();
            }
            assertTrue(stored > 0 && stored % 2000 == 0, "whole batches only: " + stored);
            try (Countersign app = Countersign.openForReading(home, Clock.systemUTC())) {
                var v = app.audit().verify();
                assertTrue(v.ok(), v.summary());
                assertEquals(1 + 2 * stored, v.entries(), "every stored draft has its two audit entries");
            }
            // Now fill the disk to the last byte: reading still works, writing says so in one line.
            Path filler = mount.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[1 << 20];
                while (true) {
                    out.write(block);
                }
            } catch (java.io.IOException full) {
                // the disk is full
            }
            try (Countersign app = Countersign.openReadOnly(home, Clock.systemUTC())) {
                assertTrue(app.audit().verify().ok());
                assertEquals(stored, app.drafts().countByStatus().values().stream().mapToLong(Long::longValue).sum());
            }
            // Opening for writing may itself need to write (then it is refused in one line); if it
            // opens, the write is refused before it starts.
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                StorageFullException e = assertThrows(StorageFullException.class,
                        () -> app.importer().importDrafts("more", drafts(500_000, 10), Progress.NONE));
                assertTrue(e.getMessage().contains("is nearly full: 0.0 MB free"), e.getMessage());
            } catch (WorkspaceException refused) {
                assertTrue(refused.getMessage().contains("is full (No space left on device)"), refused.getMessage());
            }
            Files.delete(filler);
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                assertTrue(app.audit().verify().ok(), "nothing was damaged by the full disk");
            }
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
