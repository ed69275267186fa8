package io.countersign.bench;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Durable local append: {@code N} audit entries of about 1.6 KB (the size of a demo workspace's
 * import lines) appended through the workspace's one write path in units of {@code B}, each unit
 * one transaction, one durable sync of the database, the audit head and its directory, and one
 * signed checkpoint (group commit). Making the events is not counted. Run on a fresh workspace in
 * a temporary directory: {@code mvn -q -Pbench-append verify [-Dbench.entries=N] [-Dbench.batch=B]}.
 */
public final class AuditAppendBenchmark {

    private AuditAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path home = Files.createTempDirectory("countersign-append-bench");
        Random random = new Random(7);
        String[] words = {"pipeline", "quarter", "meeting", "pricing", "renewal", "onboarding", "security", "review", "team",
                "account", "forecast", "budget", "integration", "report", "trial"};
        Actor actor = Actor.human("alice");
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            var uow = app.workspace().unitOfWork();
            long before = app.workspace().auditLog().size();
            long inWrite = 0;
            long wall = System.nanoTime();
            for (long start = 0; start < entries; ) {
                int n = (int) Math.min(batchSize, entries - start);
                List<AuditEvent> batch = new ArrayList<>(n);
                for (long i = start; i < start + n; i++) {
                    StringBuilder body = new StringBuilder(1_600);
                    while (body.length() < 1_450) {
                        body.append(words[random.nextInt(words.length)]).append(' ');
                    }
                    batch.add(AuditEvent.of(AuditEventType.DRAFT_EVALUATED, actor).with("draftId", "bench-" + i)
                            .with("decision", "allow").with("body", body.toString().strip()).build());
                }
                long t0 = System.nanoTime();
                uow.write(w -> {
                    w.audit(batch);
                    return null;
                });
                inWrite += System.nanoTime() - t0;
                start += n;
            }
            wall = System.nanoTime() - wall;
            long appended = app.workspace().auditLog().size() - before;
            System.out.printf("# durable audit append (H2 %s, %d cores, Java %s): %,d entries in units of %,d: %.1f s inside "
                            + "the unit of work = %,.0f entries/s (%.1f s wall with making the events); file %,d MB%n",
                    org.h2.engine.Constants.VERSION, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    appended, batchSize, inWrite / 1e9, appended / (inWrite / 1e9), wall / 1e9,
                    Files.size(home.resolve("countersign.mv.db")) >> 20);
        }
    }
}
