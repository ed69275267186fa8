package io.countersign.adapters.persistence;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.OutboxService;
import io.countersign.core.work.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link KilledProcessTest}: approves one email draft, claims its message
 * for sending (the unit that marks it SENDING records no audit entry) and prints {@code CLAIMED}
 * when the claim has returned, which is when a sender would hand the message to its transport.
 * Then it waits to be killed. Argument: workspace.
 */
public final class ClaimProbe {

    public static void main(String[] args) throws Exception {
        Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(Path.of(args[0]), false, Clock.systemUTC()));
        app.identities().add(new IdentityService.Spec("probe.email", Channel.EMAIL, "probe@acme.example", "sandbox",
                "Probe", "probe", 100, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
        Draft d = new Draft("d1", Channel.EMAIL, "probe.email", new Lead("L1", "Dana", "dana@northwind.example", null,
                "Northwind"), "Quick question", "Hi Dana, worth a chat?\n\nReply STOP to opt out.", List.of(), null, "p1",
                "q4", "intro", "sales", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        app.importer().importDrafts("probe", List.of(d).iterator(), Progress.NONE);
        app.review().approve("d1", "alice", true);
        app.outbox().settings(new OutboxService.Settings(Duration.ZERO, 0));
        app.outbox().schedule();
        Thread.sleep(2_000); // let the background writer store everything so far: only the claim is fresh
        List<OutboxService.Claimed> claimed = app.outbox().claim(1);
        System.out.println(claimed.size() == 1 ? "CLAIMED" : "NOTHING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
