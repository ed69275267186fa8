package io.countersign.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.OutboxService;
import io.countersign.core.outbox.Sender;
import io.countersign.core.outbox.SendOutcome;
import io.countersign.core.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sending targets, whole-process on this machine: scheduling 10,000 approved messages across
 * 20 identities (target under 1 s), the send path's own cost per message with a transport that
 * answers at once (target under 5 ms), and {@code send} through a local SMTP server with no gap
 * (target at least 200 messages/s). Run with {@code mvn -q -Pbench-send verify}.
 */
public final class SendBenchmark {

    private SendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("countersign-send-bench");
        System.out.println("# Send benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version") + ")");
        List<String> only = List.of(args);
        if (only.isEmpty() || only.contains("schedule")) {
            schedule(dir.resolve("schedule"), 10_000, 20);
        }
        if (only.isEmpty() || only.contains("overhead")) {
            overhead(dir.resolve("overhead"), 2_000);
        }
        if (only.isEmpty() || only.contains("smtp")) {
            smtp(dir.resolve("smtp"), 2_000);
        }
    }

    private static Countersign workspace(Path home, int drafts, int identities, String transport) throws Exception {
        Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()));
        for (int i = 0; i < identities; i++) {
            app.identities().add(new IdentityService.Spec("rep" + i + ".email", Channel.EMAIL, "rep" + i + "@acme.example",
                    transport, "Rep " + i, "rep" + i, 100_000, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("bench"));
        }
        List<Draft> list = new ArrayList<>(drafts);
        for (int n = 0; n < drafts; n++) {
            list.add(new Draft("d" + n, Channel.EMAIL, "rep" + (n % identities) + ".email", new Lead("L" + n, "Lead " + n,
                    "lead" + n + "@customer" + n + ".example", null, "Customer " + n), "Hello " + n,
                    "Hi Lead " + n + ", worth a chat about your SDR ramp this quarter?\n\nReply STOP to opt out.", List.of(),
                    null, "p1", "q4", "intro", "sales", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of()));
        }
        app.importer().importDrafts("bench", list.iterator(), Progress.NONE);
        long t = System.nanoTime();
        app.review().approveAll(list.stream().map(Draft::id).toList(), "bench", true, Progress.NONE);
        System.out.printf("  (setup: bulk approval of %,d drafts with their audit entries: %.0f ms)%n", drafts,
                (System.nanoTime() - t) / 1e6);
        app.outbox().settings(new OutboxService.Settings(Duration.ZERO, 0));
        return app;
    }

    private static void schedule(Path home, int n, int identities) throws Exception {
        try (Countersign app = workspace(home, n, identities, "sandbox")) {
            long t = System.nanoTime();
            OutboxService.Scheduled s = app.outbox().schedule();
            double ms = (System.nanoTime() - t) / 1e6;
            System.out.printf("schedule %,d approved messages across %d identities: %.0f ms (%d scheduled, %d refused)%n",
                    n, identities, ms, s.scheduled(), s.refused().size());
        }
    }

    /** A transport that accepts at once: what remains is Countersign's own cost per message. */
    private static void overhead(Path home, int n) throws Exception {
        try (Countersign app = workspace(home, n, 20, "sandbox")) {
            app.outbox().schedule();
            ChannelAdapter.Factory instant = identity -> new ChannelAdapter() {
                @Override
                public boolean deduplicates() {
                    return false;
                }

                @Override
                public SendOutcome send(OutboundMessage m) {
                    return new SendOutcome.Sent("x", "ok");
                }
            };
            long t = System.nanoTime();
            Sender.Run run = app.sender(instant).runDue(Progress.NONE);
            double ms = (System.nanoTime() - t) / 1e6;
            System.out.printf("send path overhead (gate, limits, state, audit, one durable sync per message): %.2f ms per "
                    + "message (%,d sent in %.0f ms)%n", ms / run.sent(), run.sent(), ms);
        }
    }

    private static void smtp(Path home, int n) throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try (Countersign app = workspace(home, n, 20, "smtp://127.0.0.1:" + mail.getSmtp().getPort())) {
            app.outbox().schedule();
            long t = System.nanoTime();
            Sender.Run run = app.sender().runDue(Progress.NONE);
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("send through a local SMTP server, no gap: %.0f messages/s (%,d sent in %.1f s; %d received)%n",
                    run.sent() / s, run.sent(), s, mail.getReceivedMessages().length);
        } finally {
            mail.stop();
        }
    }
}
