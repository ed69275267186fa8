package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Countersign confirmed must survive the process being killed (SIGKILL or SIGTERM) at any
 * moment after: every approval it reported is there when the workspace is opened again, and the
 * audit log verifies.
 */
class KilledProcessTest {

    @TempDir
    Path dir;

    private Process probe(Path home, int drafts) throws Exception {
        return probe(home, drafts, 0);
    }

    private Process probe(Path home, int drafts, int first) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityProbe.class.getName(), home.toString(), Integer.toString(drafts), Integer.toString(first));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    @Test
    void confirmedApprovalsSurviveAKillAtAnyMoment() throws Exception {
        for (int round = 0; round < 4; round++) {
            Path home = dir.resolve("ws" + round);
            Process p = probe(home, 20);
            List<String> confirmed = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                // Kill at a different point each round: mid-way through the approvals, or idle after them.
                int killAfter = round % 2 == 0 ? 3 + round * 5 : Integer.MAX_VALUE;
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("APPROVED ")) {
                        confirmed.add(line.substring(9));
                    }
                    if (confirmed.size() >= killAfter || line.equals("DONE")) {
                        break;
                    }
                }
                if (round % 2 == 1) {
                    Thread.sleep(1500); // idle for a while, as a console left open is
                }
                if (round < 2) {
                    p.destroyForcibly(); // SIGKILL
                } else {
                    p.destroy(); // SIGTERM, as a logout or shutdown sends: the workspace's shutdown hook closes it
                }
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
                var v = app.audit().verify();
                assertTrue(v.ok(), "round " + round + ": " + v.summary());
                for (String id : confirmed) {
                    assertEquals(ReviewStatus.APPROVED, app.drafts().find(id).orElseThrow().status(),
                            "round " + round + ": " + id + " was confirmed approved before the kill");
                }
            }
        }
    }

    /**
     * A sender hands a message to its transport once the claim that marks it SENDING has returned:
     * that state must be on disk by then, though the claim records no audit entry, or a kill right
     * after would leave the message SCHEDULED and the next run would send it again.
     */
    @Test
    void aClaimedMessageIsOnDiskBeforeItCanBeSent() throws Exception {
        for (int round = 0; round < 2; round++) {
            Path home = dir.resolve("claim" + round);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ClaimProbe.class.getName(),
                    home.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("CLAIMED")) {
                    assertTrue(!line.equals("NOTHING"), "the probe claimed nothing");
                }
                p.destroyForcibly(); // SIGKILL the moment the transport could have been called
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals("CLAIMED", line);
            }
            try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
                var entry = app.outbox().latestFor("d1").orElseThrow();
                assertEquals(io.countersign.core.outbox.OutboxState.SENDING, entry.state(),
                        "round " + round + ": the claimed message must not be back in the schedule (it would go twice)");
            }
        }
    }

    /** Runs a probe to the end of its approvals and returns the ids it confirmed (the process keeps running). */
    private static List<String> untilDone(Process p) throws Exception {
        List<String> confirmed = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("DONE")) {
            if (line.startsWith("APPROVED ")) {
                confirmed.add(line.substring(9));
            }
        }
        return confirmed;
    }

    /**
     * The case that lost data before REUSE_SPACE=FALSE: a workspace left unclean, opened again after
     * H2's retention time (45 s) so freed space gets reused, written, left idle a few seconds and killed.
     * Takes about 70 s; it failed every time before the fix (the second session's approvals vanished).
     */
    @Test
    void confirmedApprovalsSurviveAKillAfterTheWorkspaceSatIdle() throws Exception {
        Path home = dir.resolve("idle");
        Process first = probe(home, 2, 0);
        List<String> confirmed = new ArrayList<>(untilDone(first));
        Thread.sleep(6_000); // H2's background writer runs after a commit; the loss needed it to have run
        first.destroyForcibly(); // unclean, like a crash (SIGTERM now closes the workspace cleanly)
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        Thread.sleep(50_000);
        Process second = probe(home, 2, 2);
        confirmed.addAll(untilDone(second));
        Thread.sleep(6_000);
        second.destroyForcibly();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("d0", "d1", "d2", "d3"), confirmed);
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            var v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
            for (String id : confirmed) {
                assertEquals(ReviewStatus.APPROVED, app.drafts().find(id).orElseThrow().status(), id + " was confirmed approved");
            }
        }
    }
}
