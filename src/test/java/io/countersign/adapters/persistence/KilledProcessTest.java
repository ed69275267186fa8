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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityProbe.class.getName(), home.toString(), Integer.toString(drafts));
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
                    p.destroy(); // SIGTERM, as a logout or shutdown sends
                }
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
                var v = app.audit().verify();
                assertTrue(v.ok(), "round " + round + ": " + v.summary());
                for (String id : confirmed) {
                    assertEquals(ReviewStatus.APPROVED, app.drafts().find(id).orElseThrow().status(),
                            "round " + round + ": " + id + " was confirmed approved before the kill");
                }
            }
        }
    }
}
