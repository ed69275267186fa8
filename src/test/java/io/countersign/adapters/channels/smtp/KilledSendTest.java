package io.countersign.adapters.channels.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.OutboxState;
import io.countersign.core.work.Progress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code countersign send} in its own JVM against a real SMTP server and kills it with SIGKILL
 * at random moments, again and again. After every kill a "human" resolves each unknown message by
 * looking in the server's mailbox, as the console asks them to. In the end every approved message
 * arrived exactly once: none twice, none lost.
 */
class KilledSendTest {

    private static final int MESSAGES = 400;

    @TempDir
    Path dir;

    @Test
    void noMessageArrivesTwiceAndNoneIsLostWhateverMomentTheSenderIsKilled() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            Path home = dir.resolve("ws");
            prepare(home, mail.getSmtp().getPort());
            Random random = new Random(20261202L);
            int kills = 0;
            int unknownResolved = 0;
            for (int round = 0; round < 14; round++) {
                Process p = send(home);
                // ten kills at random moments (JVM start, opening, recovering, mid-batch), then runs to the end
                long wait = round < 10 ? 1200 + random.nextInt(3500) : 120_000;
                boolean finished = p.waitFor(wait, TimeUnit.MILLISECONDS);
                if (!finished) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                    kills++;
                } else {
                    String out = new String(p.getInputStream().readAllBytes());
                    assertTrue(p.exitValue() == 0 || p.exitValue() == 1, out);
                }
                unknownResolved += resolveLikeAHuman(home, mail);
                if (finished && allSent(home)) {
                    break;
                }
            }
            System.out.println("KilledSendTest: " + kills + " kills, " + unknownResolved + " unknown outcomes resolved");
            Map<String, Integer> arrived = new HashMap<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                arrived.merge(m.getMessageID(), 1, Integer::sum);
            }
            try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
                List<OutboxEntry> all = app.outbox().list(null, null, 0, 1000);
                assertEquals(MESSAGES, all.size());
                for (OutboxEntry e : all) {
                    assertEquals(OutboxState.SENT, e.state(), e.draftId() + " after " + kills + " kills");
                    assertEquals(1, arrived.getOrDefault(e.messageId(), 0), () -> e.messageId() + " arrived once; its trail: "
                            + app.audit().forDraft(e.draftId()).stream().map(a -> a.line()).toList());
                }
                assertTrue(app.audit().verify().ok());
            }
            assertEquals(MESSAGES, mail.getReceivedMessages().length, "no duplicates (" + kills + " kills, "
                    + unknownResolved + " unknown outcomes resolved)");
            assertTrue(kills >= 3, "the sender was killed mid-run several times: " + kills);
        } finally {
            mail.stop();
        }
    }

    private static void prepare(Path home, int port) throws Exception {
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            for (int k = 0; k < 3; k++) {
                app.identities().add(new IdentityService.Spec("rep" + k + ".email", Channel.EMAIL, "rep" + k + "@acme.example",
                        "smtp://127.0.0.1:" + port, "Rep " + k, "rep" + k, 1000, "UTC", "00:00-23:59", "mon-sun", "0s", null),
                        Actor.human("admin"));
            }
            List<Draft> drafts = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                drafts.add(new Draft("d" + i, Channel.EMAIL, "rep" + (i % 3) + ".email",
                        new Lead("L" + i, "Lead " + i, "lead" + i + "@customer" + i + ".example", null, "Customer " + i),
                        "Hello " + i, "Hi Lead " + i + ", worth a chat?\n\nReply STOP to opt out.", List.of(), null, "p1", "q4",
                        "intro", "sales", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of()));
            }
            app.importer().importDrafts("t", drafts.iterator(), Progress.NONE);
            app.review().approveAll(drafts.stream().map(Draft::id).toList(), "alice", true, Progress.NONE);
            app.profile().setSending(Duration.ZERO, 0);
        }
    }

    private static Process send(Path home) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.countersign.cli.Launcher", "--home", home.toString(), "send");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** What a reviewer does with an unknown message: look in the mailbox, then say sent or not sent. */
    private static int resolveLikeAHuman(Path home, GreenMail mail) throws InterruptedException {
        // A message whose data reached the server just before the kill is stored a moment later: a person
        // looks in the mailbox after the server has finished with it, not in the same millisecond.
        // On a busy machine the server's thread may take a while to get to the data of a killed client.
        int count;
        do {
            count = mail.getReceivedMessages().length;
            Thread.sleep(1500);
        } while (mail.getReceivedMessages().length != count);
        java.util.Set<String> arrived = new java.util.HashSet<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                arrived.add(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        int n = 0;
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            app.outbox().recover(i -> false); // what the next send would do first
            Map<String, Integer> perIdentity = new HashMap<>();
            for (OutboxEntry e : app.outbox().list(OutboxState.UNKNOWN, null, 0, 1000)) {
                assertEquals(1, perIdentity.merge(e.identityId(), 1, Integer::sum),
                        "a kill leaves at most one unknown outcome per identity (one message in flight each)");
                app.outbox().resolve(e.id(), arrived.contains(e.messageId()), Actor.human("alice"));
                n++;
            }
        }
        return n;
    }

    private static boolean allSent(Path home) {
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            return app.outbox().counts().getOrDefault(OutboxState.SENT, 0) == MESSAGES;
        }
    }
}
