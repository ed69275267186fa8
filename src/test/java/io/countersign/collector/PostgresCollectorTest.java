package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collector instances on one real PostgreSQL server ({@code .ci/run} starts one and sets
 * {@code COUNTERSIGN_TEST_PG}): the same device's batches sent to both at once are stored once each,
 * in order, and the tree both serve is the device's.
 */
class PostgresCollectorTest {

    @TempDir
    Path data;

    static String line(long seq) {
        return "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"n\":\"" + "x".repeat((int) (seq % 50)) + "\",\"seq\":" + seq
                + ",\"ts\":\"2026-12-01T09:00:00Z\",\"type\":\"test.entry\"}";
    }

    @Test
    void twoInstancesOnOnePostgresKeepOneDevicesLogConsistent() throws Exception {
        String url = System.getenv("COUNTERSIGN_TEST_PG");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "COUNTERSIGN_TEST_PG names no PostgreSQL (.ci/run starts one)");
        var key = CollectorKey.loadOrCreate(data, "witness.test/pg");
        try (CollectorDatabase a = CollectorDatabase.open(data, url, null, null);
             CollectorDatabase b = CollectorDatabase.open(data, url, null, null)) {
            a.jdbi().useHandle(h -> h.execute("TRUNCATE log_entry, alert, collector_token, device"));
            Collector one = new Collector(a, key, Clock.systemUTC());
            Collector two = new Collector(b, key, Clock.systemUTC());
            assertThrows(IllegalStateException.class, () -> new Collector(b, io.countersign.core.audit.note.Cosigner.fromSeed(
                    "witness.test/other", new byte[32]), Clock.systemUTC()), "an instance with another key does not start");
            NoteKey device = NoteKey.fromSeed("countersign.local/pgtest", NoteKey.newSeed());
            String token = one.newEnrollmentToken("pg-device");
            two.enroll(token, device.vkey());
            Collector.Device d = one.authenticate(io.countersign.core.sync.RequestSignature.header(device, "GET", "/v1/log",
                    Clock.systemUTC().instant().getEpochSecond(), new byte[0]), "GET", "/v1/log", new byte[0]).orElseThrow();

            int batches = 40;
            int per = 500;
            MerkleTree.Builder tree = new MerkleTree.Builder();
            List<String> notes = new ArrayList<>();
            List<List<String>> lines = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                List<String> batch = new ArrayList<>();
                for (int j = 0; j < per; j++) {
                    String l = line((long) i * per + j);
                    batch.add(l);
                    tree.addLeafHash(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8)));
                }
                lines.add(batch);
                notes.add(new Checkpoint(device.name(), tree.size(), tree.root()).sign(device).format());
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < batches; i++) {
                    int at = i;
                    // The same batch through both instances at once: one stores it, the other finds it held.
                    Future<?> x = pool.submit(() -> one.append(d, (long) at * per, lines.get(at), notes.get(at)));
                    Future<?> y = pool.submit(() -> two.append(d, (long) at * per, lines.get(at), notes.get(at)));
                    x.get();
                    y.get();
                }
            } finally {
                pool.shutdown();
            }
            Collector.Head h1 = one.held(d);
            Collector.Head h2 = two.held(d);
            assertEquals((long) batches * per, h1.size());
            assertEquals(h1.root(), h2.root());
            assertArrayEquals(tree.root(), Base64.getDecoder().decode(h1.root()));
            long rows = a.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM log_entry").mapTo(Long.class).one());
            assertEquals((long) batches * per, rows, "each entry stored once");
            var bundle = data.resolve("bundle");
            two.export("pg-device", bundle);
            var verified = io.countersign.core.audit.bundle.BundleVerifier.verify(bundle, device.vkey(), null);
            assertEquals(true, verified.ok(), verified.summary());
        }
    }
}
