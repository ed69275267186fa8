package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.adapters.collector.HttpCollectorClient;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.bundle.BundleVerifier;
import io.countersign.core.audit.bundle.DeviceKey;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.sync.CollectorClient;
import io.countersign.core.sync.SyncService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push keeps one append in flight while it prepares the next: appends still reach the collector
 * one at a time, contiguous and in order; many small units of work travel in one batch; and when an
 * append fails, nothing is sent after it, what was witnessed before it is kept, and the next push
 * resumes from what the collector holds.
 */
class SyncPipelineTest {

    @TempDir
    Path tmp;

    /** Records every append (start, count), how many ran at once, and fails the chosen one before it leaves. */
    static final class Recording implements CollectorClient.Factory {
        final CollectorClient.Factory real = new HttpCollectorClient.Factory(Clock.systemUTC());
        final List<long[]> appends = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile int failAppend = -1;

        @Override
        public CollectorClient connect(String endpoint, NoteKey deviceKey) {
            CollectorClient c = real.connect(endpoint, deviceKey);
            return new CollectorClient() {
                @Override
                public String collectorKey() throws IOException {
                    return c.collectorKey();
                }

                @Override
                public Enrolled enroll(String token, String deviceVkey) throws IOException {
                    return c.enroll(token, deviceVkey);
                }

                @Override
                public Held held() throws IOException {
                    return c.held();
                }

                @Override
                public Held append(long start, List<String> lines, String checkpointNote) throws IOException {
                    int now = active.incrementAndGet();
                    mostAtOnce.accumulateAndGet(now, Math::max);
                    try {
                        appends.add(new long[]{start, lines.size()});
                        if (appends.size() == failAppend) {
                            throw new IOException("connection reset (test)");
                        }
                        Thread.sleep(20); // long enough for the next batch to be ready and waiting
                        return c.append(start, lines, checkpointNote);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    } finally {
                        active.decrementAndGet();
                    }
                }
            };
        }
    }

    private static void importDrafts(Countersign app, String prefix, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(TestDrafts.jsonLine(prefix + i, "Hello number " + i)).append('\n');
        }
        app.importer().importBytes(prefix + ".jsonl", b.toString().getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
    }

    @Test
    void oneAppendInFlightInOrderSmallUnitsTogetherAndAFailureStopsThePush() throws Exception {
        Path data = tmp.resolve("collector");
        try (CollectorDatabase db = CollectorDatabase.open(data, null, null, null);
             Countersign app = TestWorkspaces.open(tmp.resolve("ws"), Clock.systemUTC())) {
            Collector collector = new Collector(db, CollectorKey.loadOrCreate(data, "witness.test/c1"), Clock.systemUTC());
            try (CollectorServer server = new CollectorServer(collector, "127.0.0.1", 0, null).start()) {
                for (int i = 0; i < 40; i++) {
                    importDrafts(app, "small" + i + "-", 1); // 40 units of work, each with its own signed checkpoint
                }
                importDrafts(app, "big-", 1_200); // units of 500 drafts: stretches of about 1,000 entries
                Recording clients = new Recording();
                SyncService sync = new SyncService(app.workspace().auditLog(), new DeviceKey(app.workspace().credentials()),
                        app.workspace().sync(), clients, Clock.systemUTC());
                sync.enroll("http://127.0.0.1:" + server.port(), collector.newEnrollmentToken("laptop"), collector.key().vkey(),
                        Actor.human("alice"));
                long local = app.audit().size();

                clients.failAppend = 3;
                assertThrows(IOException.class, sync::push);
                assertEquals(3, clients.appends.size(), "nothing is sent after the append that failed: " + describe(clients.appends));
                long[] first = clients.appends.get(0);
                long[] second = clients.appends.get(1);
                assertEquals(0, first[0]);
                assertTrue(first[1] > 40, "the small units travel together: " + describe(clients.appends));
                assertEquals(first[0] + first[1], second[0], "contiguous");
                long accepted = second[0] + second[1];
                assertEquals(accepted, sync.status().witnessed().orElseThrow().size(),
                        "what the collector cosigned before the failure is kept");

                clients.failAppend = -1;
                clients.appends.clear();
                SyncService.Pushed rest = sync.push();
                assertTrue(rest.complete(), rest.toString());
                assertEquals(local - accepted, rest.sent());
                long next = accepted;
                for (long[] a : clients.appends) {
                    assertEquals(next, a[0], "in order, each from where the one before ended: " + describe(clients.appends));
                    assertTrue(a[1] > 0 && a[1] <= SyncService.MAX_BATCH_ENTRIES, describe(clients.appends));
                    next = a[0] + a[1];
                }
                assertEquals(local, next);
                assertEquals(1, clients.mostAtOnce.get(), "never two appends at once");
                assertEquals(0, sync.status().pending());

                AuditVerification ok = app.audit().verify();
                assertTrue(ok.ok(), ok.summary());
                Path bundle = tmp.resolve("bundle");
                collector.export("laptop", bundle);
                BundleVerifier.Result r = BundleVerifier.verify(bundle, app.auditBundles().vkey(), null);
                assertTrue(r.ok(), r.summary());
                assertEquals(local, r.size());
            }
        }
    }

    private static String describe(List<long[]> appends) {
        StringBuilder b = new StringBuilder();
        synchronized (appends) {
            for (long[] a : appends) {
                b.append(a[0]).append('+').append(a[1]).append(' ');
            }
        }
        return b.toString().strip();
    }
}
