package io.countersign.core.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.work.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's background sender wakes on an approval and again when the undo window ends, on its own thread. */
class SendingLoopTest {

    @TempDir
    Path home;

    @Test
    void anApprovalIsSentOnceItsUndoWindowEndsWithoutAnyoneAsking() throws Exception {
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, "maria@acme.example", "sandbox", "Maria",
                    "maria", null, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
            app.outbox().settings(new OutboxService.Settings(Duration.ofSeconds(1), 0));
            app.importer().importDrafts("t", List.of(new Draft("d1", Channel.EMAIL, "maria.email", new Lead("L1", "Dana",
                    "dana@northwind.example", null, "Northwind"), "Hi", "Hi Dana, worth a chat?\n\nReply STOP to opt out.",
                    List.of(), null, "p", "c", "t", "s", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of())).iterator(),
                    Progress.NONE);
            List<Sender.Run> runs = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            try (SendingLoop loop = new SendingLoop(app.sender(), app.outbox(), app.changes(), app.clock(), r -> {
                runs.add(r);
                threads.add(Thread.currentThread().getName());
            }, e -> { }, () -> { })) {
                app.review().approve("d1", "alice", true);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (runs.stream().mapToInt(Sender.Run::sent).sum() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            assertEquals(1, runs.stream().mapToInt(Sender.Run::sent).sum(), runs.toString());
            assertTrue(threads.stream().allMatch("countersign-sender"::equals), threads.toString());
            assertEquals(OutboxState.SENT, app.outbox().latestFor("d1").orElseThrow().state());
        }
    }
}
