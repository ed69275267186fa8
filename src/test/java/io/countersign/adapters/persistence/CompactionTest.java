package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.demo.DemoDrafts;
import io.countersign.core.draft.Draft;
import io.countersign.core.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only file gives its dead space back on a clean close, and nothing stored is lost by it. */
class CompactionTest {

    @TempDir
    Path home;

    @Test
    void aCleanCloseCompactsAFileThatIsMostlyDeadAndKeepsEverything() throws Exception {
        DemoDrafts demo = new DemoDrafts(3, Instant.parse("2026-11-02T08:00:00Z"));
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            drafts.add(demo.next(i));
        }
        Path file = home.resolve("countersign.mv.db");
        String saved = System.getProperty(Workspace.COMPACT_ABOVE_PROPERTY);
        long before;
        long untouched;
        try {
            System.setProperty(Workspace.COMPACT_ABOVE_PROPERTY, "100000");
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                app.importer().importDrafts("demo", drafts.iterator(), Progress.NONE);
                before = Files.size(file);
            }
            untouched = Files.size(file);
            System.setProperty(Workspace.COMPACT_ABOVE_PROPERTY, "0");
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                app.importer().importDrafts("demo", drafts.iterator(), Progress.NONE); // all present: nothing stored
            }
        } finally {
            if (saved == null) {
                System.clearProperty(Workspace.COMPACT_ABOVE_PROPERTY);
            } else {
                System.setProperty(Workspace.COMPACT_ABOVE_PROPERTY, saved);
            }
        }
        long after = Files.size(file);
        assertTrue(untouched >= before, "under the size threshold nothing is compacted: " + before + " -> " + untouched);
        assertTrue(after < untouched / 2, "compacted: " + untouched + " -> " + after + " bytes");
        assertTrue(!Files.exists(home.resolve("countersign.trace.db")), "compacting left H2 stack traces behind");
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            assertEquals(6000L, app.drafts().countByStatus().values().stream().mapToLong(Long::longValue).sum());
            var v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
            assertEquals(12001, v.entries());
        }
    }
}
