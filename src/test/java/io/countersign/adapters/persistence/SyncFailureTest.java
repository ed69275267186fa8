package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.OutboxService;
import io.countersign.core.outbox.OutboxState;
import io.countersign.core.outbox.SendOutcome;
import io.countersign.core.store.NotDurableException;
import io.countersign.core.work.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk stops confirming writes right after a commit: the outcome of the message just sent is
 * kept, and the next message — claimed in the same unit, never confirmed on disk — is not sent on
 * that claim: it goes back to the schedule instead of waiting as an "unknown" nobody sent.
 */
class SyncFailureTest {

    @TempDir
    Path home;

    @Test
    void aClaimTheDiskDidNotConfirmIsReleasedNotSent() throws Exception {
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, "maria@acme.example", "sandbox",
                    "Maria", "maria", 100, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
            List<Draft> drafts = new ArrayList<>();
            for (String id : List.of("a", "b")) {
                drafts.add(new Draft(id, Channel.EMAIL, "maria.email", new Lead("L-" + id, "Dana", id + "@northwind.example", null,
                        "Northwind " + id), "Quick question", "Hi Dana, worth a chat?\n\nReply STOP to opt out.", List.of(), null,
                        "p1", "q4", "intro", "sales", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of()));
            }
            app.importer().importDrafts("t", drafts.iterator(), Progress.NONE);
            drafts.forEach(d -> app.review().approve(d.id(), "alice", true));
            app.outbox().settings(new OutboxService.Settings(Duration.ZERO, 0));
            JdbiAuditLog log = (JdbiAuditLog) app.workspace().auditLog();
            List<String> sent = Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean diskFails = new java.util.concurrent.atomic.AtomicBoolean(true);
            ChannelAdapter.Factory transport = identity -> new ChannelAdapter() {
                @Override
                public boolean deduplicates() {
                    return false;
                }

                @Override
                public SendOutcome send(OutboundMessage m) {
                    sent.add(m.draftId());
                    if (diskFails.get()) {
                        log.failNextSync(new IllegalStateException("I/O error: the disk stopped writing"));
                    }
                    return new SendOutcome.Sent("p-" + m.outboxId(), "250 ok");
                }
            };
            var failure = assertThrows(RuntimeException.class, () -> app.sender(transport).runDue(Progress.NONE));
            assertTrue(failure instanceof NotDurableException, String.valueOf(failure));
            assertEquals(1, sent.size(), "nothing more goes out once the disk stops confirming");
            String first = sent.get(0);
            String other = first.equals("a") ? "b" : "a";
            assertEquals(OutboxState.SENT, app.outbox().latestFor(first).orElseThrow().state(), "the outcome is kept");
            var released = app.outbox().latestFor(other).orElseThrow();
            assertEquals(OutboxState.SCHEDULED, released.state(), "the claim is given back, not left SENDING");
            assertTrue(released.waitReason().contains("could not be confirmed on disk"), released.waitReason());
            // the disk works again: the next run sends it
            diskFails.set(false);
            assertEquals(1, app.sender(transport).runDue(Progress.NONE).sent());
            assertEquals(List.of(first, other), sent);
        }
    }
}
