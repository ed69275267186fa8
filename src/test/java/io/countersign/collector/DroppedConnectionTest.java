package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.bundle.BundleVerifier;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.sync.SyncService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy between device and collector that cuts connections mid-request (the collector never gets
 * the whole batch) and mid-response (the collector stored the batch, the device never hears so):
 * every push fails as offline and leaves nothing half-stored, and once the line is good the device
 * resumes from what the collector holds, each entry stored once, the export verifying.
 */
class DroppedConnectionTest {

    @TempDir
    Path tmp;

    /** Forwards TCP to a target; cuts a connection once it has carried the configured number of bytes one way. */
    static final class CuttingProxy implements AutoCloseable {
        final ServerSocket server;
        final int target;
        volatile long cutRequestAfter = Long.MAX_VALUE;
        volatile long cutResponseAfter = Long.MAX_VALUE;
        volatile long cutResponsesAfterRequestBytes = 0;
        final AtomicLong cuts = new AtomicLong();

        CuttingProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        AtomicLong requested = new AtomicLong();
                        pump(client, upstream, () -> cutRequestAfter, requested);
                        // Answers are cut only on a connection that carried a large request (a batch), not the small questions.
                        pump(upstream, client, () -> requested.get() > cutResponsesAfterRequestBytes ? cutResponseAfter : Long.MAX_VALUE,
                                new AtomicLong());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "cutting-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** @param cutAfter read at each chunk: a connection kept alive from before is cut too */
        private void pump(Socket from, Socket to, java.util.function.LongSupplier cutAfter, AtomicLong counted) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                long carried = 0;
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        int allowed = (int) Math.min(n, Math.max(0, cutAfter.getAsLong() - carried));
                        out.write(buf, 0, allowed);
                        out.flush();
                        carried += allowed;
                        counted.addAndGet(allowed);
                        if (allowed < n) {
                            cuts.incrementAndGet();
                            from.setSoLinger(true, 0); // a reset, as a dropped line or a dying proxy gives
                            to.setSoLinger(true, 0);
                            break;
                        }
                    }
                } catch (IOException ignored) {
                    // the other side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "cutting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void connectionsCutMidRequestAndMidResponseResumeCleanly() throws Exception {
        Path data = tmp.resolve("collector");
        try (CollectorDatabase db = CollectorDatabase.open(data, null, null, null);
             Countersign app = TestWorkspaces.open(tmp.resolve("ws"), Clock.systemUTC())) {
            Collector collector = new Collector(db, CollectorKey.loadOrCreate(data, "cut.test/c1"), Clock.systemUTC());
            CollectorServer server = new CollectorServer(collector, "127.0.0.1", 0, null).start();
            try (CuttingProxy proxy = new CuttingProxy(server.port())) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 2_500; i++) {
                    lines.append(TestDrafts.jsonLine("d" + i, "Hello number " + i)).append('\n');
                }
                app.importer().importBytes("t.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
                SyncService sync = app.sync();
                sync.enroll("http://127.0.0.1:" + proxy.port(), collector.newEnrollmentToken("cut-laptop"), collector.key().vkey(),
                        Actor.human("alice"));
                long total = app.audit().size();

                // 1. Mid-request: each connection is cut after 1,500 bytes: the question what the collector holds
                //    gets through, every batch (gzip, several KB) is cut in its body; no whole request arrives.
                proxy.cutRequestAfter = 1_500;
                assertThrows(IOException.class, sync::push);
                assertTrue(proxy.cuts.get() > 0);
                assertTrue(sync.status().lastAttempt().orElseThrow().error().startsWith("offline"));
                long heldAfterCutRequest = collector.devices().stream().filter(d -> d.name().equals("cut-laptop")).findFirst()
                        .orElseThrow().size();
                // Requests small enough to pass whole (the first checkpoint's few entries) are stored; no cut one is.
                assertTrue(heldAfterCutRequest < 100, "only whole requests are stored: " + heldAfterCutRequest);

                // 2. Lost answers: requests arrive whole; the answer to a batch is cut before the device reads it.
                proxy.cutRequestAfter = Long.MAX_VALUE;
                proxy.cutResponsesAfterRequestBytes = 1_500;
                proxy.cutResponseAfter = 12;
                assertThrows(IOException.class, sync::push);
                long held = collector.devices().stream().filter(d -> d.name().equals("cut-laptop")).findFirst().orElseThrow().size();
                assertTrue(held > heldAfterCutRequest, "the collector stored the batch whose answer was lost");
                assertTrue(sync.status().witnessed().map(w -> w.size()).orElse(0L) < held, "the device never heard of it");

                // 3. A good line: the push resumes from what the collector holds, nothing is stored twice.
                proxy.cutResponseAfter = Long.MAX_VALUE;
                SyncService.Pushed p = sync.push();
                assertTrue(p.complete(), p.toString());
                assertTrue(p.sent() <= total - held, "resumed after the " + held + " entries already held: sent " + p.sent());
                assertEquals(total, sync.status().witnessed().orElseThrow().size());
                assertEquals(0, sync.status().pending());
                assertEquals(total, collector.devices().stream().filter(d -> d.name().equals("cut-laptop")).findFirst()
                        .orElseThrow().size());
                assertTrue(collector.alerts().isEmpty(), collector.alerts().toString());
                Path bundle = tmp.resolve("bundle");
                collector.export("cut-laptop", bundle);
                BundleVerifier.Result r = BundleVerifier.verify(bundle, app.auditBundles().vkey(), null);
                assertTrue(r.ok(), r.summary());
                assertEquals(total, r.size());
            } finally {
                server.close();
            }
        }
    }
}
