package io.countersign.collector;

import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.sync.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Collector ingest alone, without HTTP or a device: appends of {@code N} entries of about 1.7 KB
 * (the size of a demo workspace's lines) in batches of 2,000, each with its signed checkpoint, into
 * H2 in a temporary directory or the PostgreSQL database given. Only the time inside
 * {@code Collector.append} is counted (checks, hashes, insert, commit and its sync, cosignature);
 * making the batches is not. Run: {@code mvn -q -Pbench-collector verify [-Dbench.entries=N]
 * [-Dbench.db=jdbc:postgresql://…]}.
 */
public final class CollectorIngestBenchmark {

    private CollectorIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String db = args.length > 1 && !args[1].isBlank() ? args[1] : null;
        Path data = Files.createTempDirectory("countersign-ingest-bench");
        try (CollectorDatabase database = CollectorDatabase.open(data, db, null, null)) {
            if (database.postgres()) {
                database.jdbi().useHandle(h -> h.execute("TRUNCATE log_entry, alert, collector_token, device"));
            }
            Collector collector = new Collector(database, CollectorKey.loadOrCreate(data, "witness.bench/c"), Clock.systemUTC());
            NoteKey key = NoteKey.fromSeed("countersign.local/bench", NoteKey.newSeed());
            collector.enroll(collector.newEnrollmentToken("bench"), key.vkey());
            Collector.Device device = collector.authenticate(RequestSignature.header(key, "GET", "/v1/log",
                    Clock.systemUTC().instant().getEpochSecond(), new byte[0]), "GET", "/v1/log", new byte[0]).orElseThrow();
            Random random = new Random(7);
            String[] words = {"pipeline", "quarter", "meeting", "pricing", "renewal", "onboarding", "security", "review", "team",
                    "account", "forecast", "budget", "integration", "report", "trial"};
            MerkleTree.Builder tree = new MerkleTree.Builder();
            long inAppend = 0;
            long bytes = 0;
            long wall = System.nanoTime();
            for (long start = 0; start < entries; ) {
                int n = (int) Math.min(2_000, entries - start);
                List<String> batch = new ArrayList<>(n);
                for (long seq = start; seq < start + n; seq++) {
                    StringBuilder body = new StringBuilder(1_600);
                    while (body.length() < 1_500) {
                        body.append(words[random.nextInt(words.length)]).append(' ');
                    }
                    String line = "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"body\":\"" + body.toString().strip()
                            + "\",\"draftId\":\"demo-" + seq + "\",\"seq\":" + seq + ",\"ts\":\"2026-12-01T09:00:00Z\",\"type\":\"draft.imported\"}";
                    batch.add(line);
                    byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
                    bytes += utf8.length;
                    tree.addLeafHash(MerkleTree.leafHash(utf8));
                }
                String note = new Checkpoint(key.name(), tree.size(), tree.root()).sign(key).format();
                long t0 = System.nanoTime();
                collector.append(device, start, batch, note);
                inAppend += System.nanoTime() - t0;
                start += n;
            }
            wall = System.nanoTime() - wall;
            System.out.printf("# collector ingest (%s, %d cores, Java %s): %,d entries (%,d MB of lines) in %.1f s inside append"
                            + " = %,.0f entries/s (%.1f s wall with making the batches)%n",
                    database.postgres() ? "PostgreSQL" : "H2", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), entries, bytes >> 20, inAppend / 1e9, entries / (inAppend / 1e9), wall / 1e9);
        }
    }
}
