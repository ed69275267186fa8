package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.QueuedDraft;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.common.TaskExecutor;
import io.countersign.ui.main.MainViewModel;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewViewModel;
import io.countersign.ui.settings.SettingsViewModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screens show what the store holds, whoever changed it: each test here failed before the
 * change feed (the queue and pane kept the old decision until a filter changed).
 */
class ChangeFeedViewModelTest {

    @TempDir
    Path home;
    private Countersign app;
    private FakeDialogs dialogs;
    private MainViewModel main;
    private QueueViewModel queue;
    private ReviewViewModel review;
    private AuditViewModel audit;

    private static String line(String id, String leadId, String channel, String text) {
        boolean email = channel.equals("email");
        return "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"identityId\":\"maria." + channel + "\","
                + "\"lead\":{\"id\":\"" + leadId + "\",\"name\":\"Dana Whitfield\",\"company\":\"Northwind Pay\""
                + (email ? ",\"email\":\"dana@northwind.example\"" : "") + "},"
                + (email ? "\"subject\":\"SDR ramp\"," : "")
                + "\"content\":\"" + text + "\",\"createdBy\":\"agent-7\",\"createdAt\":\"2026-11-25T09:0" + id.length() % 10
                + ":00Z\"}";
    }

    @BeforeEach
    void setUp() {
        app = io.countersign.TestWorkspaces.open(home, Clock.systemUTC());
        String lines = String.join("\n",
                line("a-first", "L-dana", "linkedin", "Hi Dana, worth a chat about SDR ramp?"),
                line("b-second", "L-dana", "linkedin", "Hi Dana, following up on SDR ramp."),
                line("c-other", "L-omar", "linkedin", "Hi Omar, worth a chat about SDR ramp?"),
                line("d-mail", "L-zoe", "email", "Hi Zoe, worth a chat about SDR ramp?"),
                line("e-mixed", "L-ann", "linkedin", "Hi Ann, results are guaranteed. Last chance to join."),
                line("f-two", "L-bo", "linkedin", "Hi Bo, results are guaranteed and completely risk-free.")) + "\n";
        app.importer().importBytes("t.jsonl", lines.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
        dialogs = new FakeDialogs();
        ConsoleServices services = ConsoleApp.services(app, "alice", TaskExecutor.direct(), dialogs);
        queue = new QueueViewModel(services);
        review = new ReviewViewModel(services);
        audit = new AuditViewModel(services);
        main = new MainViewModel(services, queue, review, audit, new SettingsViewModel(services),
                new io.countersign.ui.outbox.OutboxViewModel(services));
        main.start(() -> { });
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void select(String id) {
        for (int i = 0; i < queue.visible().size(); i++) {
            if (queue.visible().get(i).id().equals(id)) {
                queue.select(i);
                return;
            }
        }
        throw new AssertionError("not visible: " + id);
    }

    private io.countersign.core.review.QueueRow shown(String id) {
        return queue.visible().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void approvingOneDraftShowsTheOtherDraftToTheSameLeadBlockedAtOnce() {
        select("a-first");
        assertEquals(Decision.ALLOW, shown("b-second").decision());
        review.approve(main::changed);
        assertEquals(Decision.BLOCK, app.drafts().find("b-second").orElseThrow().decision().decision(), "store re-checked it");
        assertEquals(Decision.BLOCK, shown("b-second").decision(), "the queue shows what the store holds");
        select("b-second");
        assertEquals(Decision.BLOCK, review.decision().get());
        assertFalse(review.approvable().get(), "Approve is not offered for a draft the store would refuse");
    }

    @Test
    void thePaneRefreshesWhenTheDraftItShowsIsRecheckedElsewhere() {
        select("c-other");
        assertTrue(review.approvable().get());
        // Another window or the CLI puts Omar on the do-not-contact list.
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.LEAD, "L-omar", "asked by phone", "manual", "bo",
                Instant.now())), Actor.human("bo"));
        assertEquals(Decision.BLOCK, review.decision().get());
        assertFalse(review.approvable().get());
        assertEquals(Decision.BLOCK, shown("c-other").decision());
    }

    @Test
    void observeModeFindingsAskForNoAcknowledgement() {
        // The default policy watches email footers in observe mode: shown and logged, nothing else.
        select("d-mail");
        assertTrue(review.findings().stream().anyMatch(f -> f.observed()), review.findings().toString());
        assertEquals(Decision.ALLOW, review.decision().get());
        review.approve(main::changed);
        assertTrue(dialogs.asked.stream().noneMatch(a -> a.startsWith("acknowledge")), dialogs.asked.toString());
        assertEquals("approved", app.drafts().find("d-mail").orElseThrow().status().wireName());
    }

    @Test
    void theBlockingHintNamesOnlyBlockingFindings() {
        select("e-mixed");
        assertEquals(Decision.BLOCK, review.decision().get());
        var pressure = review.findings().stream()
                .filter(f -> f.severity() == io.countersign.core.policy.Severity.REQUIRE_APPROVAL).findFirst().orElseThrow();
        var block = review.findings().stream()
                .filter(f -> f.severity() == io.countersign.core.policy.Severity.BLOCK).findFirst().orElseThrow();
        assertTrue(review.approveHint().get().contains(block.message()), review.approveHint().get());
        assertFalse(review.approveHint().get().contains(pressure.message()), review.approveHint().get());
    }

    @Test
    void theRefusalGoesOnceAnEditRemovesTheLastBlockingFinding() {
        select("e-mixed");
        review.approve(main::changed);
        assertTrue(review.message().get().startsWith("Cannot approve"));
        review.startEdit();
        review.textEdited("", "Hi Ann, worth a chat about SDR ramp?");
        assertTrue(review.approvable().get());
        assertEquals("", review.message().get(), "the old refusal no longer holds");
    }

    @Test
    void fixNumbersDoNotMoveUnderTheReviewersFingers() {
        select("f-two");
        assertEquals(2, review.fixes().size(), review.fixes().toString());
        String second = review.fixes().get(1).fix().label();
        review.applyFix(1, main::changed);
        assertEquals(1, review.fixes().size(), review.fixes().toString());
        assertEquals(2, review.fixes().get(0).number(), "the remaining fix keeps its number");
        assertEquals(second, review.fixes().get(0).fix().label());
        review.applyFix(1, main::changed);
        assertEquals("No fix numbered 1.", review.message().get(), "a used number is not given to another fix");
    }

    @Test
    void aDecidedDraftOffersNoEditOrReject() {
        select("c-other");
        assertTrue(review.decidable().get());
        queue.statusFilter().set(null);
        review.approve(main::changed);
        select("c-other");
        assertFalse(review.decidable().get(), "approved: edit and reject are not offered");
        assertEquals(ReviewViewModel.HintKind.DECIDED, review.hintKind().get());
    }

    @Test
    void theQueueSaysLoadingUntilItsFirstLoadArrives() {
        ConsoleServices later = ConsoleApp.services(app, "alice", new TaskExecutor() {
            @Override
            public <T> void execute(io.countersign.ui.common.BackgroundTask<T> task) {
                // never runs: the load is still on its way
            }

            @Override
            public <T> void debounce(String key, java.time.Duration delay, java.util.concurrent.Callable<T> work,
                                     java.util.function.Consumer<T> onSuccess, java.util.function.Consumer<Throwable> onFailure) {
            }

            @Override
            public void onUiThread(Runnable action) {
                action.run();
            }
        }, dialogs);
        QueueViewModel pendingQueue = new QueueViewModel(later);
        pendingQueue.load(() -> { });
        assertFalse(pendingQueue.loaded().get(), "an empty list while loading is not 'no drafts'");
        assertTrue(queue.loaded().get());
    }

    @Test
    void anImportShowsProgressInTheStatusBarAndCancelKeepsWholeBatches(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            lines.append(line("bulk-" + i, "L-bulk-" + i, "linkedin", "Hi there, worth a chat about SDR ramp?")).append('\n');
        }
        Path file = dir.resolve("many.jsonl");
        java.nio.file.Files.writeString(file, lines);
        dialogs.draftsFile = java.util.Optional.of(file);
        List<Double> seen = new java.util.ArrayList<>();
        main.status().taskProgress().addListener((o, a, b) -> {
            seen.add(b.doubleValue());
            main.status().cancelTask(); // the reviewer presses Cancel as soon as the bar moves
        });
        main.importDrafts();
        assertFalse(main.status().taskRunning().get(), "the bar goes when the import ends");
        assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 1), "progress was shown: " + seen);
        assertTrue(review.lastAction().get().contains("cancelled"), review.lastAction().get());
        long stored = app.drafts().countByStatus().values().stream().mapToLong(Long::longValue).sum() - 6;
        assertEquals(0, stored % io.countersign.core.importing.ImportService.BATCH, "whole batches only: " + stored);
        assertTrue(stored > 0 && stored < 5_000, "stopped after a batch: " + stored);
        assertTrue(app.audit().verify().ok());
    }

    @Test
    void settingsWithdrawsAnEntryAddedByMistakeAndTheDraftIsFreeAgain() {
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.LEAD, "L-omar", "wrong lead", "manual", "bo",
                Instant.now())), Actor.human("bo"));
        select("c-other");
        assertEquals(Decision.BLOCK, review.decision().get());
        var settings = main.settings();
        settings.loadEntries();
        var row = settings.entries().stream().filter(r -> r.value().equals("L-omar")).findFirst().orElseThrow();
        dialogs.withdrawReason = java.util.Optional.of("meant L-oman");
        settings.withdraw(row);
        assertTrue(dialogs.asked.contains("withdraw lead L-omar added by bo"), dialogs.asked.toString());
        assertTrue(settings.entries().stream().noneMatch(r -> r.value().equals("L-omar")));
        assertEquals(Decision.ALLOW, review.decision().get(), "the pane shows the draft free again");
        assertTrue(review.lastAction().get().startsWith("Withdrew lead L-omar"), review.lastAction().get());
    }

    /** Runs submitted work only when told: a slow worker, step by step. */
    private static final class HeldTasks implements TaskExecutor {
        final java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();

        @Override
        public <T> void execute(io.countersign.ui.common.BackgroundTask<T> task) {
            queued.add(() -> TaskExecutor.direct().execute(task));
        }

        @Override
        public <T> void debounce(String key, java.time.Duration delay, java.util.concurrent.Callable<T> work,
                                 java.util.function.Consumer<T> onSuccess, java.util.function.Consumer<Throwable> onFailure) {
            submit(work, onSuccess, onFailure);
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    @Test
    void aReadStillOnItsWayNeverReplacesTheDraftSelectedAfterIt() {
        HeldTasks held = new HeldTasks();
        QueueViewModel slow = new QueueViewModel(ConsoleApp.services(app, "alice", held, dialogs));
        slow.load(() -> { });
        held.runAll();
        assertEquals(slow.visible().get(0).id(), slow.selected().get().id());
        String first = slow.selected().get().id();
        slow.next();      // the read of the second draft is queued behind a busy worker …
        slow.previous();  // … and the reviewer is back on the first before it returns
        held.runAll();
        assertEquals(first, slow.selected().get().id(), "the pane must show the row the list highlights");
        assertEquals(first, slow.selectedRow().id());
    }

    @Test
    void theAuditViewReadsOnlyNewEntriesAfterADecision() {
        assertEquals(0, audit.rows().size(), "the log is read when its tab is first shown, not at start");
        audit.load(); // the Audit log tab is shown
        long before = audit.rows().size();
        select("c-other");
        review.approve(main::changed);
        assertEquals(app.audit().size(), audit.rows().size(), "every entry shown, none twice");
        assertTrue(audit.rows().size() > before);
    }
}
