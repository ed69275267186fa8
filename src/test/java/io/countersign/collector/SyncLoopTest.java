package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.sync.SyncLoop;
import io.countersign.core.sync.SyncService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's background push against a real collector over HTTP, with short waits: the first
 * push on start, a push soon after the log grows (nobody calls {@code push}), "offline" with the
 * pending count while the collector is down and retries that back off, a reviewer deciding
 * meanwhile, and everything witnessed again once the collector is back on the same address.
 */
class SyncLoopTest {

    @TempDir
    Path tmp;

    private static final SyncLoop.Timing FAST = new SyncLoop.Timing(Duration.ofMillis(50), Duration.ofMinutes(10),
            Duration.ofMillis(100), Duration.ofMillis(400));

    @Test
    void pushesInTheBackgroundGoesOfflineWithoutBlockingAndCatchesUp() throws Exception {
        Path data = tmp.resolve("collector");
        try (CollectorDatabase db = CollectorDatabase.open(data, null, null, null);
             Countersign app = TestWorkspaces.open(tmp.resolve("ws"), Clock.systemUTC())) {
            Collector collector = new Collector(db, CollectorKey.loadOrCreate(data, "witness.test/loop"), Clock.systemUTC());
            CollectorServer server = new CollectorServer(collector, "127.0.0.1", 0, null).start();
            int port = server.port();
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            SyncService sync = app.sync();
            sync.enroll("http://127.0.0.1:" + port, collector.newEnrollmentToken("laptop"), collector.key().vkey(), Actor.human("alice"));

            List<SyncService.Status> seen = new CopyOnWriteArrayList<>();
            try (SyncLoop loop = new SyncLoop(sync, app.changes(), seen::add, FAST)) {
                waitFor(() -> sync.status().pending() == 0, "the first push, on start");
                assertEquals(app.audit().size(), held(collector), "the collector holds the whole log");

                // The idle wait is ten minutes: only the log growing can bring the next push this soon.
                importLines(app, TestDrafts.jsonLine("b", "Hi there"));
                waitFor(() -> sync.status().pending() == 0 && held(collector) == app.audit().size(), "a push soon after an import");

                server.close();
                int before = seen.size();
                importLines(app, TestDrafts.jsonLine("c", "Good morning"));
                waitFor(() -> seen.size() >= before + 3 && last(seen).lastAttempt().map(a -> a.error() != null).orElse(false),
                        "three failed attempts, each reported");
                SyncService.Status offline = last(seen);
                assertTrue(offline.lastAttempt().orElseThrow().error().startsWith("offline"), offline.lastAttempt().toString());
                assertTrue(offline.pending() > 0, "the entries not yet witnessed are counted");
                assertTrue(offline.line(java.time.ZoneOffset.UTC).contains("pending"), offline.line(java.time.ZoneOffset.UTC));

                // A reviewer is never held up by the witness being away.
                app.review().approve("c", "alice", true);
                assertEquals("APPROVED", app.drafts().find("c").orElseThrow().status().name());

                try (CollectorServer back = new CollectorServer(collector, "127.0.0.1", port, null).start()) {
                    waitFor(() -> sync.status().pending() == 0, "witnessed again once the collector is back");
                    assertEquals(app.audit().size(), held(collector));
                    SyncService.Status caughtUp = sync.status();
                    assertTrue(caughtUp.lastAttempt().map(a -> a.error() == null).orElse(true), caughtUp.lastAttempt().toString());
                    assertFalse(caughtUp.line(java.time.ZoneOffset.UTC).contains("pending"));
                }
            }
            assertTrue(app.audit().verify().ok(), "the log is untouched by the failed attempts");
        }
    }

    private static long held(Collector collector) {
        return collector.devices().stream().mapToLong(Collector.DeviceSummary::size).sum();
    }

    private static SyncService.Status last(List<SyncService.Status> seen) {
        return seen.get(seen.size() - 1);
    }

    private static void importLines(Countersign app, String... lines) {
        app.importer().importBytes("t.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                DraftFileReader.Format.JSONL);
    }

    /** Generous: the loop's waits are milliseconds; a busy 2-core machine gets a minute. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
