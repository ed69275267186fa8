package io.countersign.core.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.app.Countersign;
import io.countersign.core.MutableClock;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.work.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox end to end on a real workspace: approval to sent, limits, undo, crashes, failures, the gate. */
class OutboxServiceTest {

    /** Monday 30 November 2026, 09:00 UTC (10:00 in Berlin). */
    static final Instant MONDAY_9 = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(MONDAY_9);
    private Countersign app;

    @BeforeEach
    void open() throws Exception {
        app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, clock));
    }

    @AfterEach
    void close() {
        app.close();
    }

    private void reopen() {
        app.close();
        app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, clock));
    }

    private void identity(String id, Integer limit, String zone, String window, String days, String gap) throws Exception {
        app.identities().add(new IdentityService.Spec(id, Channel.EMAIL, id.replace(".email", "") + "@acme.example", "sandbox",
                "Maria López", "maria", limit, zone, window, days, gap, null), Actor.human("admin"));
    }

    private static Draft email(String id, String identity, String company) {
        return new Draft(id, Channel.EMAIL, identity, new Lead("L-" + id, "Dana " + id, id + "@" + company + ".example", null,
                company), "Quick question, Dana", "Hi Dana, worth a chat about SDR ramp at " + company
                + "?\n\nReply STOP to opt out.", List.of(), null, "p1", "q4", "intro-v3", "sales", "agent-7",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of());
    }

    private void importAndApprove(Draft... drafts) {
        app.importer().importDrafts("t", List.of(drafts).iterator(), Progress.NONE);
        for (Draft d : drafts) {
            app.review().approve(d.id(), "alice", true);
        }
    }

    private Sender.Run run() throws InterruptedException {
        return app.sender().runDue(Progress.NONE);
    }

    private Sender.Run run(ChannelAdapter.Factory adapters) throws InterruptedException {
        return app.sender(adapters).runDue(Progress.NONE);
    }

    private OutboxEntry entryOf(String draftId) {
        return app.outbox().latestFor(draftId).orElseThrow();
    }

    private List<JsonNode> events(String type) {
        List<JsonNode> out = new ArrayList<>();
        app.audit().forEach(0, null, e -> {
            if (e.type().equals(type)) {
                out.add(e.json());
            }
            return true;
        });
        return out;
    }

    /** A transport that records what it was given and answers from a script (then: sent). */
    /** Outcomes in turn, whichever identity asks (the sender runs up to four identities at once). */
    static final class Scripted implements ChannelAdapter.Factory {
        final Deque<SendOutcome> outcomes = new java.util.concurrent.ConcurrentLinkedDeque<>();
        final List<OutboundMessage> given = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean deduplicates;

        @Override
        public ChannelAdapter forIdentity(Identity identity) {
            return new ChannelAdapter() {
                @Override
                public boolean deduplicates() {
                    return deduplicates;
                }

                @Override
                public SendOutcome send(OutboundMessage m) {
                    given.add(m);
                    SendOutcome o = outcomes.poll();
                    return o == null ? new SendOutcome.Sent("p-" + m.outboxId(), "250 ok") : o;
                }
            };
        }
    }

    @Test
    void anApprovedMessageLeavesAfterTheUndoWindowThroughTheSandboxNamingItsApproval() throws Exception {
        identity("maria.email", null, "Europe/Berlin", null, null, null);
        importAndApprove(email("d1", "maria.email", "northwind"));
        AuditEntry approval = app.audit().forDraft("d1").stream().filter(e -> e.type().equals("draft.approved")).findFirst().orElseThrow();

        Sender.Run first = run();
        assertEquals(1, first.scheduled());
        assertEquals(0, first.sent(), "not inside the 10 s undo window");
        OutboxEntry scheduled = entryOf("d1");
        assertEquals(approval.seq(), scheduled.approvalSeq());
        assertEquals(java.util.HexFormat.of().formatHex(approval.chainHash()), scheduled.approvalHash());
        assertEquals(approval.ts().plusSeconds(10), scheduled.notBefore());

        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, run().sent());
        OutboxEntry sent = entryOf("d1");
        assertEquals(OutboxState.SENT, sent.state());
        Path eml;
        try (Stream<Path> files = Files.walk(home.resolve("sandbox"))) {
            eml = files.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
        }
        String text = Files.readString(eml, StandardCharsets.UTF_8);
        assertTrue(text.contains("Message-ID: " + sent.messageId()), text);
        assertTrue(text.contains("To: Dana d1 <d1@northwind.example>"), text);
        assertTrue(text.contains("List-Unsubscribe: <mailto:maria@acme.example?subject=unsubscribe>"), text);

        JsonNode event = events("message.sent").get(0);
        assertEquals("maria.email", event.get("identityId").asText(), "which account sent it");
        assertEquals(1, event.get("usedToday").asInt(), "how many it sent today");
        assertEquals("2026-11-30", event.get("day").asText());
        assertEquals(approval.seq(), event.get("approvalSeq").asLong());
        assertEquals("alice", event.get("approvedBy").asText());
        assertTrue(event.get("sandbox").asBoolean());
        assertEquals(1, app.outbox().usageToday(app.identities().find("maria.email").orElseThrow()).used());
    }

    @Test
    void aStatusColumnSetToApprovedWithPlainSqlSendsNothing() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        app.importer().importDrafts("t", List.of(email("forged", "maria.email", "northwind")).iterator(), Progress.NONE);
        app.workspace().jdbi().useHandle(h -> h.execute(
                "UPDATE draft SET status = 'APPROVED', decided_by = 'mallory' WHERE id = 'forged'"));
        Scripted transport = new Scripted();
        clock.advance(Duration.ofMinutes(1));
        Sender.Run r = run(transport);
        assertEquals(0, r.scheduled());
        assertEquals(1, r.refused().size());
        assertTrue(r.refused().get(0).contains("the audit log has no approval for draft forged"), r.refused().toString());
        assertTrue(transport.given.isEmpty(), "nothing reached a transport");
        assertEquals(OutboxState.FAILED, entryOf("forged").state());
        assertEquals(1, events("send.refused").size());
        assertEquals(0, run(transport).refused().size(), "refused once, not on every run");
    }

    @Test
    void aDailyLimitDefersToTheNextWindowAndItsCounterSurvivesARestart() throws Exception {
        identity("maria.email", 2, "Europe/Berlin", "08:00-18:00", "mon-fri", "0s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"), email("c", "maria.email", "gamma"));
        clock.advance(Duration.ofSeconds(11));
        Sender.Run r = run();
        assertEquals(2, r.sent());
        assertEquals(1, r.waiting());
        OutboxEntry waiting = entryOf("c");
        assertEquals(Instant.parse("2026-12-01T07:00:00Z"), waiting.notBefore(), "Tuesday 08:00 in Berlin");
        assertTrue(waiting.waitReason().contains("daily limit of 2 reached"), waiting.waitReason());
        JsonNode deferred = events("send.deferred").get(0);
        assertEquals("daily-limit", deferred.get("limit").asText());
        assertEquals("c", deferred.get("draftId").asText());

        reopen();
        clock.advance(Duration.ofHours(3));
        assertEquals(0, run().sent(), "a restart does not reset the counter");
        assertEquals(1, events("send.deferred").size(), "the same deferral is recorded once");
        clock.set(Instant.parse("2026-12-01T07:00:01Z"));
        assertEquals(1, run().sent());
        Identity maria = app.identities().find("maria.email").orElseThrow();
        assertEquals(2, app.outbox().usedOn(maria, "2026-11-30"));
        assertEquals(1, app.outbox().usedOn(maria, "2026-12-01"));
    }

    @Test
    void outsideTheWindowAMessageWaitsForTheOpeningWithTheReason() throws Exception {
        identity("maria.email", null, "America/New_York", "09:00-17:00", "mon-fri", "0s");
        importAndApprove(email("a", "maria.email", "alpha")); // 04:00 in New York
        clock.advance(Duration.ofSeconds(11));
        assertEquals(0, run().sent());
        OutboxEntry e = entryOf("a");
        assertEquals(Instant.parse("2026-11-30T14:00:00Z"), e.notBefore());
        assertTrue(e.waitReason().contains("outside the sending window (Mon–Fri 09:00–17:00 America/New_York)"), e.waitReason());
    }

    @Test
    void theMinimumGapSpacesTwoMessagesOfOneIdentityWithJitter() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "60s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, run().sent());
        OutboxEntry b = app.outbox().list(OutboxState.SCHEDULED, null, 0, 10).get(0);
        Duration wait = Duration.between(clock.instant(), b.notBefore());
        assertTrue(wait.compareTo(Duration.ofSeconds(60)) >= 0 && wait.compareTo(Duration.ofSeconds(90)) <= 0, wait.toString());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, run().sent());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(1, run().sent());
        assertTrue(events("send.deferred").isEmpty(), "pacing is not a deferral");
    }

    @Test
    void cancellingInTheUndoWindowWithdrawsTheApprovalAndReapprovingSendsOnTheNewOne() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"));
        run();
        OutboxEntry e = entryOf("a");
        app.outbox().cancel(e.id(), Actor.human("alice"), "wrong lead");
        assertEquals(ReviewStatus.PENDING, app.drafts().find("a").orElseThrow().status());
        JsonNode cancelled = events("send.cancelled").get(0);
        assertEquals("alice", cancelled.get("actor").get("id").asText());
        assertEquals("wrong lead", cancelled.get("reason").asText());
        clock.advance(Duration.ofSeconds(11));
        Scripted transport = new Scripted();
        assertEquals(0, run(transport).sent());
        assertTrue(transport.given.isEmpty());
        assertThrows(OutboxException.class, () -> app.outbox().cancel(e.id(), Actor.human("alice"), null));

        app.review().approve("a", "bob", true);
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, run(transport).sent());
        OutboxEntry again = entryOf("a");
        assertTrue(again.approvalSeq() > e.approvalSeq());
        assertEquals("bob", again.approvedBy());
    }

    @Test
    void aMessageInterruptedWhileSendingBecomesUnknownAndIsNeverResentOnAGuess() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        identity("jonas.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "jonas.email", "beta"));
        app.outbox().schedule();
        clock.advance(Duration.ofSeconds(11));
        assertEquals(2, app.outbox().claim(5).size()); // one per identity, both SENDING, committed; then the process "dies"
        reopen();

        Scripted smtpLike = new Scripted();
        Sender.Run r = run(smtpLike);
        assertEquals(2, r.recovered());
        assertEquals(2, app.outbox().counts().get(OutboxState.UNKNOWN));
        assertTrue(smtpLike.given.isEmpty(), "not resent automatically");
        Identity maria = app.identities().find("maria.email").orElseThrow();
        Identity jonas = app.identities().find("jonas.email").orElseThrow();
        assertEquals(1, app.outbox().usageToday(maria).used(), "an unknown send still counts against the limit");
        assertEquals(1, app.outbox().usageToday(jonas).used(), "an unknown send still counts against the limit");

        app.outbox().resolve(entryOf("a").id(), true, Actor.human("alice"));
        app.outbox().resolve(entryOf("b").id(), false, Actor.human("alice"));
        assertEquals(1, app.outbox().usageToday(maria).used());
        assertEquals(0, app.outbox().usageToday(jonas).used());
        assertEquals(1, run(smtpLike).sent());
        assertEquals(1, smtpLike.given.size());
        assertEquals("b", smtpLike.given.get(0).draftId());
        assertEquals(OutboxState.SENT, entryOf("a").state());
        assertEquals(2, events("send.resolved").size());
        assertThrows(OutboxException.class, () -> app.outbox().resolve(entryOf("a").id(), false, Actor.human("alice")));
    }

    @Test
    void oneMessageInFlightPerIdentity() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        identity("jonas.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"),
                email("c", "jonas.email", "gamma"));
        app.outbox().schedule();
        clock.advance(Duration.ofSeconds(11));
        List<OutboxService.Claimed> first = app.outbox().claim(5);
        assertEquals(List.of("a", "c"), first.stream().map(c -> c.entry().draftId()).toList(), "one per identity");
        assertTrue(app.outbox().claim(5).isEmpty(), "both identities have a message in SENDING: nothing more is claimed");
        OutboxService.Step step = app.outbox().recordAndClaim(first.get(0), new SendOutcome.Sent("x", "ok"), 1);
        assertEquals(OutboxState.SENT, step.recorded().state());
        assertEquals("b", step.next().get(0).entry().draftId(), "maria's next once hers is no longer in flight");
    }

    @Test
    void aServerThatHangsHoldsUpOnlyItsOwnIdentity() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        identity("jonas.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("m1", "maria.email", "alpha"), email("m2", "maria.email", "beta"),
                email("j1", "jonas.email", "gamma"), email("j2", "jonas.email", "delta"), email("j3", "jonas.email", "eps"));
        app.outbox().schedule();
        clock.advance(Duration.ofSeconds(11));
        java.util.concurrent.CountDownLatch hung = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        ChannelAdapter.Factory transport = identity -> new ChannelAdapter() {
            @Override
            public boolean deduplicates() {
                return false;
            }

            @Override
            public SendOutcome send(OutboundMessage m) throws InterruptedException {
                if (identity.id().equals("maria.email") && m.draftId().equals("m1")) {
                    hung.countDown();
                    release.await(); // a server that takes its time answering
                }
                sent.add(m.draftId());
                return new SendOutcome.Sent("p-" + m.outboxId(), "250 ok");
            }
        };
        java.util.concurrent.FutureTask<Sender.Run> running = new java.util.concurrent.FutureTask<>(() -> run(transport));
        new Thread(running, "test-sender").start();
        assertTrue(hung.await(10, java.util.concurrent.TimeUnit.SECONDS));
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < 3 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(List.of("j1", "j2", "j3"), List.copyOf(sent), "jonas's messages left while maria's server hung");
        assertEquals(OutboxState.SENDING, entryOf("m1").state());
        assertEquals(OutboxState.SCHEDULED, entryOf("m2").state(), "maria's next waits for her message in flight");
        release.countDown();
        Sender.Run r = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(5, r.sent());
        assertEquals(List.of("j1", "j2", "j3", "m1", "m2"), List.copyOf(sent));
    }

    @Test
    void aTransportThatDeduplicatesIsRetriedWithTheSameKeyAfterACrash() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"));
        app.outbox().schedule();
        clock.advance(Duration.ofSeconds(11));
        OutboundMessage before = app.outbox().claim(1).get(0).message();
        reopen();
        Scripted webhookLike = new Scripted();
        webhookLike.deduplicates = true;
        assertEquals(1, run(webhookLike).sent());
        assertEquals(before.idempotencyKey(), webhookLike.given.get(0).idempotencyKey());
        assertEquals(before.messageId(), webhookLike.given.get(0).messageId());
    }

    @Test
    void failuresAreRetriedWithBackoffOrStopPermanentlyAndARefusedLoginPausesTheIdentity() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"), email("c", "maria.email", "gamma"));
        clock.advance(Duration.ofSeconds(11));
        Scripted t = new Scripted();
        t.outcomes.add(new SendOutcome.Failed(false, "429 Too Many Requests", Duration.ofMinutes(10)));
        t.outcomes.add(SendOutcome.Failed.permanent("550 5.1.1 no such user"));
        t.outcomes.add(new SendOutcome.CredentialsRefused("535 5.7.8 Authentication credentials invalid"));
        Sender.Run r = run(t);
        assertEquals(0, r.sent());
        assertEquals(1, r.failed());

        OutboxEntry retrying = entryOf("a");
        assertEquals(OutboxState.SCHEDULED, retrying.state());
        assertTrue(!retrying.notBefore().isBefore(clock.instant().plus(Duration.ofMinutes(10))), "Retry-After honoured");
        assertEquals(OutboxState.FAILED, entryOf("b").state());
        assertEquals("550 5.1.1 no such user", entryOf("b").lastError());
        Identity maria = app.identities().find("maria.email").orElseThrow();
        assertTrue(maria.paused(), "a refused login pauses the identity");
        assertTrue(maria.stateReason().contains("535"), maria.stateReason());
        assertEquals("countersign", maria.stateBy());
        assertEquals(0, app.outbox().usageToday(maria).used(), "failed attempts give their counter back");

        clock.advance(Duration.ofMinutes(11));
        assertEquals(0, run(t).sent(), "nothing goes while the identity is paused");
        assertTrue(entryOf("a").waitReason().contains("is paused"), entryOf("a").waitReason());
        app.identities().resume("maria.email", Actor.human("admin"));
        clock.advance(Duration.ofMinutes(6));
        assertEquals(2, run(t).sent(), "a and c go once resumed");
        app.outbox().retry(entryOf("b").id(), Actor.human("alice"));
        assertEquals(1, run(t).sent());
        assertEquals(3, events("send.failed").size());
        assertEquals(1, events("send.retried").size());
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToAnHour() {
        OutboxService s = app.outbox();
        for (int attempt = 1; attempt <= 12; attempt++) {
            long base = Math.min(30L << (attempt - 1), 3600L);
            long seconds = s.backoff(attempt, null).toSeconds();
            assertTrue(seconds >= base * 0.8 - 1 && seconds <= base * 1.2 + 1, attempt + ": " + seconds);
        }
        assertEquals(Duration.ofHours(2), s.backoff(1, Duration.ofHours(2)), "a longer Retry-After wins");
    }

    @Test
    void pauseAllStopsEveryIdentityUntilResumed() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"));
        app.outbox().pauseAll(Actor.human("ops"), "incident 42");
        clock.advance(Duration.ofSeconds(11));
        Sender.Run r = run();
        assertEquals(0, r.sent());
        assertEquals("incident 42 (by ops)", r.pausedAll());
        assertTrue(app.outbox().resumeAll(Actor.human("ops")));
        assertFalse(app.outbox().resumeAll(Actor.human("ops")));
        assertEquals(1, run().sent());
        assertEquals(1, events("sending.paused").size());
        assertEquals("incident 42", events("sending.resumed").get(0).get("pausedFor").asText());
    }

    @Test
    void theGateDecidesAgainAtSendTimeUnderThePolicyInForce() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"));
        app.outbox().schedule();
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.EMAIL, "a@alpha.example", "asked to stop", "reply",
                "alice", clock.instant())), Actor.human("alice"));
        clock.advance(Duration.ofSeconds(11));
        Scripted t = new Scripted();
        assertEquals(0, run(t).sent());
        OutboxEntry e = entryOf("a");
        assertEquals(OutboxState.FAILED, e.state());
        assertTrue(e.lastError().startsWith("blocked at send time under policy"), e.lastError());
        assertTrue(e.lastError().contains("do-not-contact"), e.lastError());
        assertTrue(t.given.isEmpty());
    }

    @Test
    void aLeadWithoutAnEmailAddressIsRefusedWithTheReason() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        Draft d = email("a", "maria.email", "alpha");
        Draft noEmail = new Draft("n", Channel.EMAIL, "maria.email", new Lead("L-n", "Nobody", "not-an-address", null, "x"),
                d.subject(), d.content(), List.of(), null, "p1", "q4", "intro-v3", "sales", "agent-7", d.createdAt(), Map.of());
        importAndApprove(noEmail);
        Sender.Run r = run();
        assertEquals(1, r.refused().size());
        assertTrue(r.refused().get(0).contains("lead L-n's email 'not-an-address' is not an address"), r.refused().toString());
    }

    @Test
    void anAutoSendRuleApprovesWhatThePolicyAllowsOutrightAndNamesItselfAndEveryRuleChangeIsAudited() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        Draft clean = email("a", "maria.email", "alpha");
        Draft flagged = new Draft("b", Channel.EMAIL, "maria.email", new Lead("L-b", "Dana b", "b@beta.example", null, "beta"),
                "Quick question", "Hi Dana, this is the last chance to join the pilot.\n\nReply STOP to opt out.", List.of(),
                null, "p1", "q4", "intro-v3", "sales", "agent-7", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        Draft otherCampaign = new Draft("c", Channel.EMAIL, "maria.email", new Lead("L-c", "Dana c", "c@gamma.example", null,
                "gamma"), "Quick question", clean.content(), List.of(), null, "p1", "q1", "intro-v3", "sales", "agent-7",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        app.importer().importDrafts("t", List.of(clean, flagged, otherCampaign).iterator(), Progress.NONE);
        assertEquals(0, run().autoApproved(), "off by default: nothing skips a human");

        AutoSendRule rule = app.autoSend().add(AutoSendRule.Kind.CAMPAIGN, "q4", null, Actor.human("ops-lead"));
        assertThrows(OutboxException.class, () -> app.autoSend().add(AutoSendRule.Kind.CAMPAIGN, "q4", null, Actor.human("x")));
        assertThrows(OutboxException.class, () -> app.autoSend().add(AutoSendRule.Kind.PERSONA, "sales", "nobody", Actor.human("x")));
        Sender.Run r = run();
        assertEquals(1, r.autoApproved());
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("a").orElseThrow().status());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("b").orElseThrow().status(), "require-approval waits for a human");
        assertEquals(ReviewStatus.PENDING, app.drafts().find("c").orElseThrow().status(), "another campaign");
        AuditEntry approval = app.audit().forDraft("a").stream().filter(e -> e.type().equals("draft.approved")).findFirst().orElseThrow();
        assertEquals("system", approval.actorKind());
        assertEquals(rule.id() + ": campaign q4", approval.text("autosendRule"));
        assertEquals("ops-lead", events("autosend.rule-added").get(0).get("actor").get("id").asText());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, run().sent());
        assertEquals(rule.id() + ": campaign q4", app.audit().forDraft("a").stream()
                .filter(e -> e.type().equals("draft.approved")).findFirst().orElseThrow().text("autosendRule"));

        // Later runs look only at what changed since: a new import, an edit that clears the finding.
        assertEquals(0, run().autoApproved());
        Draft later = new Draft("d", Channel.EMAIL, "maria.email", new Lead("L-d", "Dana d", "d@delta.example", null, "delta"),
                "Quick question", clean.content(), List.of(), null, "p1", "q4", "intro-v3", "sales", "agent-7",
                Instant.parse("2026-11-26T09:00:00Z"), Map.of());
        app.importer().importDrafts("t2", List.of(later).iterator(), Progress.NONE);
        assertEquals(1, run().autoApproved());
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("d").orElseThrow().status());
        app.review().edit("b", "alice", null, clean.content(), "no pressure");
        assertEquals(1, run().autoApproved(), "the edited draft is allowed now");
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("b").orElseThrow().status());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("c").orElseThrow().status(), "still another campaign");

        app.autoSend().remove(rule.id(), Actor.human("ops-lead"));
        assertEquals(1, events("autosend.rule-removed").size());
        assertTrue(app.autoSend().rules().isEmpty());
    }

    @Test
    void tooManyFailuresStopTheIdentityWithTheFiguresAndRaiseAnAlert() throws Exception {
        identity("maria.email", 1000, "UTC", "00:00-23:59", "mon-sun", "0s");
        List<Draft> ds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ds.add(email("d" + i, "maria.email", "co" + i));
        }
        importAndApprove(ds.toArray(Draft[]::new));
        clock.advance(Duration.ofSeconds(11));
        Scripted t = new Scripted();
        for (int i = 0; i < 12; i++) {
            t.outcomes.add(i % 3 == 0 ? SendOutcome.Failed.permanent("550 5.1.1 no such user") : new SendOutcome.Sent("p", "ok"));
        }
        Sender.Run r = run(t);
        assertEquals(1, r.alerts().size(), r.toString());
        assertTrue(r.alerts().get(0).startsWith("maria.email paused — anomaly stop: 4 of the last 10 sends failed (40 %"),
                r.alerts().get(0));
        Identity maria = app.identities().find("maria.email").orElseThrow();
        assertTrue(maria.paused());
        assertTrue(maria.stateReason().startsWith("anomaly stop:"), maria.stateReason());
        assertEquals(10, t.given.size(), "nothing more was sent once it stopped");
    }

    @Test
    void aDayFarAboveTheUsualPaceIsAnAnomaly() throws Exception {
        identity("maria.email", 1000, "UTC", "00:00-23:59", "mon-sun", "0s");
        Identity maria = app.identities().find("maria.email").orElseThrow();
        OutboxStore store = app.workspace().outbox();
        app.workspace().unitOfWork().writeAll(w -> {
            for (int d = 1; d <= 7; d++) {
                store.take("maria.email", "email", java.time.LocalDate.parse("2026-11-30").minusDays(d).toString(), 5);
            }
            store.take("maria.email", "email", "2026-11-30", 15);
        });
        assertTrue(app.outbox().anomaly(maria, "2026-11-30").isEmpty(), "15 < 20: too few to judge");
        app.workspace().unitOfWork().writeAll(w -> store.take("maria.email", "email", "2026-11-30", 6));
        assertEquals("anomaly stop: 21 sent today against a 7-day mean of 5.0 a day (more than 3×)",
                app.outbox().anomaly(maria, "2026-11-30").orElseThrow());
    }

    @Test
    void linkedInConnectionRequestsHaveTheirOwnDailyAndWeeklyLimits() throws Exception {
        app.identities().add(new IdentityService.Spec("maria.li", Channel.LINKEDIN, "https://www.linkedin.com/in/maria",
                "sandbox", "Maria", "maria", 50, "UTC", "00:00-23:59", "mon-sun", "0s", null, null, null, null, 2, 3),
                Actor.human("admin"));
        List<Draft> ds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ds.add(new Draft("c" + i, Channel.LINKEDIN, "maria.li", new Lead("L" + i, "Lead " + i, null,
                    "https://www.linkedin.com/in/lead-" + i, "Co " + i), "", "Hi Lead " + i + ", would love to connect.",
                    List.of(), null, "p1", "q4", "connect-v1", "sales", "agent-7", Instant.parse("2026-11-25T09:00:00Z"),
                    Map.of("linkedinType", "connection")));
        }
        ds.add(new Draft("m0", Channel.LINKEDIN, "maria.li", new Lead("LM", "Lead M", null, "https://www.linkedin.com/in/lead-m",
                "Co M"), "", "Hi Lead M, thanks for connecting.", List.of(), null, "p1", "q4", "dm-v1", "sales", "agent-7",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of()));
        importAndApprove(ds.toArray(Draft[]::new));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(3, run().sent(), "two connection requests and the message");
        OutboxEntry third = entryOf("c2");
        assertTrue(third.waitReason().startsWith("daily limit of 2 connection requests reached"), third.waitReason());
        clock.set(Instant.parse("2026-12-01T00:00:05Z"));
        assertEquals(1, run().sent());
        OutboxEntry fourth = entryOf("c3");
        assertTrue(fourth.waitReason().startsWith("weekly limit of 3 connection requests reached (3 in the 7 days to 2026-12-01)"),
                fourth.waitReason());
        assertEquals("weekly-limit", events("send.deferred").stream().filter(e -> e.get("draftId").asText().equals("c3"))
                .reduce((a, b) -> b).orElseThrow().get("limit").asText());
        assertEquals("linkedin.connection", events("message.sent").get(0).get("sentAs").asText());
    }

    @Test
    void aDraftOfAConnectionNoteTemplateInThePolicyCountsAsAConnectionRequest() throws Exception {
        app.identities().add(new IdentityService.Spec("maria.li", Channel.LINKEDIN, "https://www.linkedin.com/in/maria",
                "sandbox", "Maria", "maria", 50, "UTC", "00:00-23:59", "mon-sun", "0s", null, null, null, null, 1, 5),
                Actor.human("admin"));
        // The default policy lists li-connect-v1 under channel-limits.connection-note-templates; no linkedinType here.
        List<Draft> ds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ds.add(new Draft("t" + i, Channel.LINKEDIN, "maria.li", new Lead("L" + i, "Lead " + i, null,
                    "https://www.linkedin.com/in/lead-" + i, "Co " + i), "", "Hi Lead " + i + ", would love to connect.",
                    List.of(), null, "p1", "q4", "li-connect-v1", "sales", "agent-7", Instant.parse("2026-11-25T09:00:00Z"),
                    Map.of()));
        }
        importAndApprove(ds.toArray(Draft[]::new));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, run().sent(), "one connection request a day");
        assertEquals("linkedin.connection", events("message.sent").get(0).get("sentAs").asText());
        assertTrue(entryOf("t1").waitReason().startsWith("daily limit of 1 connection requests reached"),
                entryOf("t1").waitReason());
    }

    @Test
    void theForecastSaysBeforeApprovalWhatGoesTodayAndWhatIsDeferredToWhichDay() throws Exception {
        identity("maria.email", 2, "Europe/Berlin", "08:00-18:00", "mon-fri", "0s");
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"));
        clock.advance(Duration.ofSeconds(11));
        Scripted t = new Scripted();
        app.outbox().schedule();
        app.outbox().record(app.outbox().claim(1).get(0), new SendOutcome.Sent("x", "ok")); // 1 used, 1 waiting
        List<Draft> more = List.of(email("c", "maria.email", "gamma"), email("d", "maria.email", "delta"),
                email("e", "maria.email", "eps"));
        app.importer().importDrafts("t", more.iterator(), Progress.NONE);
        List<io.countersign.core.review.QueuedDraft> picked = app.drafts().findAll(List.of("c", "d", "e"));
        OutboxService.Forecast f = app.outbox().forecast(picked).get(0);
        assertEquals(1, f.usedToday());
        assertEquals(2, f.capToday());
        assertEquals(1, f.alreadyWaiting());
        assertEquals(0, f.goToday(), "the one place left today goes to the message already waiting");
        assertEquals(Map.of("2026-12-01", 2, "2026-12-02", 1), f.later());
        assertEquals("maria.email: 1 of 2 used today, 1 already waiting; 0 go today, 2 on 2026-12-01, 1 on 2026-12-02",
                f.describe());
        app.identities().pause("maria.email", "review", Actor.human("ops"));
        assertTrue(app.outbox().forecast(picked).get(0).describe().contains("paused (review): 3 wait until it is resumed"));
    }

    @Test
    void aRolling24HourLimitCountsTheLastDayOfSendsNotTheCalendarDay() throws Exception {
        app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, "maria@acme.example", "sandbox", "Maria",
                "maria", 2, "UTC", "00:00-23:59", "mon-sun", "0s", null, null, null, null, null, null, null, true),
                Actor.human("admin"));
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"), email("c", "maria.email", "gamma"));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(2, run().sent());
        clock.set(Instant.parse("2026-12-01T00:30:00Z")); // a new local day, but not 24 hours later
        assertEquals(0, run().sent());
        OutboxEntry c = entryOf("c");
        assertTrue(c.waitReason().startsWith("limit of 2 in any 24 hours reached"), c.waitReason());
        assertEquals(Instant.parse("2026-12-01T23:00:11Z"), c.notBefore().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        clock.set(Instant.parse("2026-12-01T23:00:12Z"));
        assertEquals(1, run().sent());
    }

    @Test
    void anOwnersSharedBudgetIsOneDailyTotalAcrossTheirIdentitiesAndChannels() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        app.identities().add(new IdentityService.Spec("maria.li", Channel.LINKEDIN, "https://www.linkedin.com/in/maria",
                "sandbox", "Maria", "maria", null, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
        app.outbox().setOwnerBudget("maria", 3, Actor.human("ops"));
        List<Draft> li = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            li.add(new Draft("l" + i, Channel.LINKEDIN, "maria.li", new Lead("LL" + i, "Lead " + i, null,
                    "https://www.linkedin.com/in/lead-" + i, "LCo " + i), "", "Hi Lead " + i + ", would love to connect.",
                    List.of(), null, "p1", "q4", "dm", "sales", "agent-7", Instant.parse("2026-11-25T09:00:00Z"), Map.of()));
        }
        importAndApprove(email("a", "maria.email", "alpha"), email("b", "maria.email", "beta"), li.get(0), li.get(1));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(3, run().sent());
        OutboxEntry last = app.outbox().list(OutboxState.SCHEDULED, null, 0, 5).get(0);
        assertTrue(last.waitReason().startsWith("owner maria's shared budget of 3 a day is used (3 across their identities)"),
                last.waitReason());
        assertEquals(1, events("sending.owner-budget-set").size());
        assertEquals("owner-budget", events("send.deferred").get(0).get("limit").asText());
    }

    @Test
    void hardBouncesCountAsFailuresForTheAnomalyStop() throws Exception {
        identity("maria.email", 1000, "UTC", "00:00-23:59", "mon-sun", "0s");
        List<Draft> ds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ds.add(email("d" + i, "maria.email", "co" + i));
        }
        importAndApprove(ds.toArray(Draft[]::new));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(10, run(new Scripted()).sent());
        app.outbox().checkAfterBounce("maria.email");
        assertTrue(!app.identities().find("maria.email").orElseThrow().paused(), "no bounce yet");
        for (int i = 0; i < 3; i++) {
            long id = entryOf("d" + i).id();
            app.workspace().unitOfWork().writeAll(w -> app.workspace().outbox().markBounced(id));
        }
        app.outbox().checkAfterBounce("maria.email");
        Identity maria = app.identities().find("maria.email").orElseThrow();
        assertTrue(maria.paused());
        assertTrue(maria.stateReason().startsWith("anomaly stop: 3 of the last 10 sends failed (30 %"), maria.stateReason());
        assertEquals(1, app.outbox().drainAlerts().size());
    }

    @Test
    void aRecipientChangedAfterApprovalIsNotWrittenTo() throws Exception {
        identity("maria.email", null, "UTC", "00:00-23:59", "mon-sun", "0s");
        importAndApprove(email("a", "maria.email", "alpha"));
        app.workspace().jdbi().useHandle(h -> h.execute("UPDATE draft SET doc = REPLACE(doc, 'a@alpha.example', "
                + "'someone-else@rival.example') WHERE id = 'a'"));
        clock.advance(Duration.ofSeconds(11));
        Scripted t = new Scripted();
        Sender.Run r = run(t);
        assertEquals(0, r.sent());
        assertTrue(t.given.isEmpty());
        assertTrue(r.refused().get(0).contains("the approval was for recipient a@alpha.example, but the lead now says "
                + "someone-else@rival.example"), r.refused().toString());
    }
}
