package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.MutableClock;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.OutboxState;
import io.countersign.core.work.Progress;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.common.TaskExecutor;
import io.countersign.ui.main.MainViewModel;
import io.countersign.ui.outbox.OutboxRow;
import io.countersign.ui.outbox.OutboxViewModel;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewViewModel;
import io.countersign.ui.settings.SettingsViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Outbox tab's view model with a direct executor: undo countdown, undo, pause-all, assisted send, resolve. */
class OutboxViewModelTest {

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private Countersign app;
    private FakeDialogs dialogs;
    private MainViewModel main;
    private OutboxViewModel outbox;

    @BeforeEach
    void setUp() throws Exception {
        app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, clock));
        app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, "maria@acme.example", "sandbox", "Maria",
                "maria", null, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
        app.identities().add(new IdentityService.Spec("maria.li", Channel.LINKEDIN, "https://www.linkedin.com/in/maria",
                "linkedin-assisted", "Maria", "maria", null, "UTC", "00:00-23:59", "mon-sun", "0s", null), Actor.human("admin"));
        Draft email = new Draft("e1", Channel.EMAIL, "maria.email", new Lead("L1", "Dana", "dana@northwind.example", null,
                "Northwind"), "Quick question", "Hi Dana, worth a chat?\n\nReply STOP to opt out.", List.of(), null, "p", "c",
                "t", "s", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        Draft li = new Draft("l1", Channel.LINKEDIN, "maria.li", new Lead("L2", "Sam", null, "https://www.linkedin.com/in/sam",
                "Lumen"), "", "Hi Sam, worth a chat about ramp?", List.of(), null, "p", "c", "t", "s", "agent",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        app.importer().importDrafts("t", List.of(email, li).iterator(), Progress.NONE);
        dialogs = new FakeDialogs();
        ConsoleServices services = ConsoleApp.services(app, "alice", TaskExecutor.direct(), dialogs);
        outbox = new OutboxViewModel(services);
        main = new MainViewModel(services, new QueueViewModel(services), new ReviewViewModel(services),
                new AuditViewModel(services), new SettingsViewModel(services), outbox);
        main.start(() -> { });
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private OutboxRow row(String draftId) {
        return outbox.rows().stream().filter(r -> r.entry().draftId().equals(draftId)).findFirst().orElseThrow();
    }

    @Test
    void anApprovalShowsItsUndoCountdownAndUndoBringsTheDraftBack() {
        main.changed(app.review().approve("e1", "alice", true));
        app.outbox().schedule();
        outbox.load();
        clock.advance(Duration.ofSeconds(3));
        outbox.tick();
        assertEquals("sending in 8 s", row("e1").when());
        assertTrue(row("e1").why().contains("press u"), row("e1").why());

        main.undoLast();
        assertEquals(ReviewStatus.PENDING, app.drafts().find("e1").orElseThrow().status());
        assertTrue(main.review().lastAction().get().startsWith("Undone: the approval of e1 is withdrawn"),
                main.review().lastAction().get());
        outbox.load();
        assertEquals(OutboxState.CANCELLED, row("e1").state());
        main.undoLast();
        assertTrue(main.review().lastAction().get().startsWith("Nothing to undo"), main.review().lastAction().get());
    }

    @Test
    void undoBeforeTheSenderPickedTheApprovalUpStillWithdrawsIt() {
        main.changed(app.review().approve("e1", "alice", true));
        main.undoLast(); // no outbox entry yet
        assertEquals(ReviewStatus.PENDING, app.drafts().find("e1").orElseThrow().status());
    }

    @Test
    void undoAfterTheMessageLeftSaysItIsTooLate() throws Exception {
        main.changed(app.review().approve("e1", "alice", true));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, app.sender().runDue(Progress.NONE).sent());
        main.undoLast();
        assertTrue(main.review().lastAction().get().contains("too late to undo"), main.review().lastAction().get());
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("e1").orElseThrow().status());
    }

    @Test
    void pauseAllAsksWhyAndTheStatusBarSaysSo() {
        dialogs.pauseAllReason = Optional.of("incident 7");
        outbox.togglePauseAll();
        assertTrue(app.outbox().pausedAll().isPresent());
        assertTrue(outbox.pausedAll().get().contains("by alice: incident 7"), outbox.pausedAll().get());
        assertEquals("sending paused", main.status().sending().get());
        outbox.togglePauseAll();
        assertTrue(app.outbox().pausedAll().isEmpty());
        assertEquals("", main.status().sending().get());
    }

    @Test
    void aLinkedInMessageIsSentByHandAndTheReviewersConfirmationIsTheSendEvent() throws Exception {
        app.review().approve("l1", "alice", true);
        clock.advance(Duration.ofSeconds(11));
        app.sender().runDue(Progress.NONE);
        outbox.load();
        OutboxRow r = row("l1");
        assertEquals(OutboxState.SCHEDULED, r.state(), "the background sender leaves it to a person");
        assertTrue(r.assisted());
        dialogs.assistedAnswer = Optional.of(Boolean.TRUE);
        outbox.sendByHand(r);
        assertEquals(List.of("https://www.linkedin.com/in/sam"), dialogs.opened);
        assertEquals(OutboxState.SENT, row("l1").state());
        var sent = app.audit().forDraft("l1").stream().filter(e -> e.type().equals("message.sent")).findFirst().orElseThrow();
        assertEquals("human", sent.actorKind());
        assertEquals("alice", sent.actorId());
        assertEquals(1, app.outbox().usageToday(app.identities().find("maria.li").orElseThrow()).used());
    }

    @Test
    void aMessageSentByHandButNotConfirmedWaitsForTheConfirmation() throws Exception {
        app.review().approve("l1", "alice", true);
        clock.advance(Duration.ofSeconds(11));
        app.outbox().schedule();
        outbox.load();
        dialogs.assistedAnswer = Optional.empty();
        outbox.sendByHand(row("l1"));
        assertEquals(OutboxState.SENDING, row("l1").state());
        assertTrue(row("l1").why().contains("confirm Sent or Not sent"), row("l1").why());
        app.sender().runDue(Progress.NONE); // the background sender runs meanwhile: a message sent by hand is the person's
        outbox.load();
        assertEquals(OutboxState.SENDING, row("l1").state());
        outbox.resolve(row("l1"), false);
        assertEquals(OutboxState.SCHEDULED, row("l1").state(), "not sent: back in the schedule");
        assertEquals(0, app.outbox().usageToday(app.identities().find("maria.li").orElseThrow()).used());
    }

    @Test
    void anIdentityIsAddedFromTheFormWhichNamesTheFirstProblemAndATestMessageProvesIt() throws Exception {
        SettingsViewModel settings = main.settings();
        dialogs.identityRequest = Optional.of(new io.countersign.ui.settings.IdentityRequest(new IdentityService.Spec("nora.email",
                Channel.EMAIL, "not an address", "sandbox", null, null, null, "UTC", null, null, null, null), null));
        settings.addIdentity();
        assertEquals(Optional.of("from: 'not an address' is not an email address"), dialogs.identityProblem);
        assertTrue(app.identities().find("nora.email").isEmpty());

        dialogs.identityRequest = Optional.of(new io.countersign.ui.settings.IdentityRequest(new IdentityService.Spec("nora.email",
                Channel.EMAIL, "nora@acme.example", "sandbox", "Nora", "nora", 30, "Europe/Berlin", null, null, null, null), null));
        dialogs.identityProblem = Optional.empty();
        settings.addIdentity();
        assertTrue(settings.identityStatus().get().startsWith("Added nora.email (sandbox)"), settings.identityStatus().get());
        assertEquals(30, app.identities().find("nora.email").orElseThrow().dailyLimit());

        settings.loadIdentities();
        var row = settings.identities().stream().filter(r -> r.id().equals("nora.email")).findFirst().orElseThrow();
        dialogs.testAddress = Optional.of("alice@acme.example");
        settings.sendTest(row);
        assertTrue(settings.identityStatus().get().startsWith("Test message from nora.email sent to alice@acme.example"),
                settings.identityStatus().get());
        var tested = app.audit().latest(io.countersign.core.audit.AuditEventType.IDENTITY_TESTED).orElseThrow();
        assertEquals("sent", tested.text("result"));
        assertEquals("alice@acme.example", tested.text("to"));
        assertEquals(0, app.outbox().usageToday(app.identities().find("nora.email").orElseThrow()).used(), "a test is not outreach");

        var assisted = settings.identities().stream().filter(r -> r.id().equals("maria.li")).findFirst().orElseThrow();
        settings.sendTest(assisted);
        assertTrue(settings.identityStatus().get().contains("sent by hand on LinkedIn: there is no transport to test"),
                settings.identityStatus().get());
    }

    @Test
    void anIdentityIsEditedFromTheFormStartingFromItsSettings() throws Exception {
        SettingsViewModel settings = main.settings();
        settings.loadIdentities();
        var row = settings.identities().stream().filter(r -> r.id().equals("maria.email")).findFirst().orElseThrow();
        var spec = IdentityService.specOf(app.identities().find("maria.email").orElseThrow());
        dialogs.identityRequest = Optional.of(new io.countersign.ui.settings.IdentityRequest(new IdentityService.Spec(spec.id(),
                spec.channel(), spec.address(), spec.transport(), spec.displayName(), spec.owner(), 12, spec.timezone(),
                spec.window(), spec.days(), spec.minGap(), "", spec.user(), spec.auth(), "", null, null, "", null), null));
        settings.editIdentity(row);
        assertEquals(Optional.empty(), dialogs.identityProblem);
        assertEquals("Changed maria.email: dailyLimit", settings.identityStatus().get());
        assertEquals(12, app.identities().find("maria.email").orElseThrow().dailyLimit());

        dialogs.removeReason = Optional.of("the rep left");
        settings.removeIdentity(settings.identities().stream().filter(r -> r.id().equals("maria.email")).findFirst().orElseThrow());
        assertTrue(settings.identityStatus().get().startsWith("Removed maria.email; 1 pending decision changed"),
                settings.identityStatus().get());
        assertTrue(app.identities().find("maria.email").isEmpty());
        assertTrue(app.drafts().find("e1").orElseThrow().decision().isBlocked(), "its pending draft names an unknown identity now");
    }
}
