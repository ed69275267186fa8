package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.common.TaskExecutor;
import io.countersign.ui.main.MainViewModel;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewViewModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screens' state and behaviour without a toolkit: direct executor, scripted dialogs, real workspace. */
class ViewModelTest {

    @TempDir
    Path home;
    private Countersign app;
    private FakeDialogs dialogs;
    private MainViewModel main;
    private io.countersign.ui.settings.SettingsViewModel settings;
    private QueueViewModel queue;
    private ReviewViewModel review;

    @BeforeEach
    void setUp() {
        app = io.countersign.TestWorkspaces.open(home, Clock.systemUTC());
        String lines = String.join("\n",
                TestDrafts.jsonLine("1-clean", "Hi Dana, worth a chat about SDR ramp?"),
                TestDrafts.jsonLine("2-blocked", "Hi Dana, results are guaranteed."),
                TestDrafts.jsonLine("3-pressure", "Hi Dana, last chance to join."),
                TestDrafts.jsonLine("4-placeholder", "Hi {{first_name}}, quick one.")) + "\n";
        app.importer().importBytes("t.jsonl", lines.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
        dialogs = new FakeDialogs();
        ConsoleServices services = ConsoleApp.services(app, "alice", TaskExecutor.direct(), dialogs);
        queue = new QueueViewModel(services);
        review = new ReviewViewModel(services);
        settings = new io.countersign.ui.settings.SettingsViewModel(services);
        main = new MainViewModel(services, queue, review, new AuditViewModel(services), settings,
                new io.countersign.ui.outbox.OutboxViewModel(services));
        main.start(() -> { });
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void selectId(String id) {
        for (int i = 0; i < queue.visible().size(); i++) {
            if (queue.visible().get(i).id().equals(id)) {
                queue.select(i);
                return;
            }
        }
        throw new AssertionError("not visible: " + id);
    }

    @Test
    void queueLoadsSelectsFirstAndFilters() {
        assertEquals(4, queue.visible().size());
        assertEquals("1-clean", queue.selected().get().id());
        assertEquals("1-clean", review.draft().get().id());
        assertEquals("4 pending · 0 approved · 0 rejected", main.counts().get());
        queue.decisionFilter().set(Decision.BLOCK);
        assertEquals(List.of("2-blocked", "4-placeholder"), queue.visible().stream().map(q -> q.id()).toList());
        assertEquals("2-blocked", queue.selected().get().id());
        queue.decisionFilter().set(null);
        queue.channelFilter().set(Channel.EMAIL);
        assertTrue(queue.visible().isEmpty());
        assertNull(queue.selected().get());
        assertNull(review.draft().get());
        queue.channelFilter().set(null);
        queue.identityFilter().set("maria.linkedin");
        assertEquals(4, queue.visible().size());
        assertEquals(List.of("maria.linkedin"), queue.identities());
    }

    @Test
    void nextAndPreviousStopAtTheEnds() {
        queue.previous();
        assertEquals(0, queue.selectedIndex().get());
        queue.next();
        queue.next();
        queue.next();
        queue.next();
        assertEquals(3, queue.selectedIndex().get());
        main.skip();
        assertEquals("End of the queue.", review.message().get());
    }

    @Test
    void approveMovesToTheNextDraftAndUpdatesCounts() {
        review.approve(main::changed);
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("1-clean").orElseThrow().status());
        assertEquals("2-blocked", queue.selected().get().id());
        assertEquals("3 pending · 1 approved · 0 rejected", main.counts().get());
        assertTrue(review.message().get().isEmpty() || review.message().get().startsWith("Approved"));
    }

    @Test
    void theFirstDecisionOfASessionAsksForThePassphraseOnceAndAWrongOneIsAskedAgain() {
        Path other = home.resolveSibling(home.getFileName() + "-keys");
        try (var ws = io.countersign.app.Countersign.open(other, false, Clock.systemUTC())) {
            io.countersign.TestWorkspaces.withTestIdentities(ws);
            ws.importer().importBytes("t.jsonl", (TestDrafts.jsonLine("k1", "Hi Dana, worth a chat?") + "\n"
                    + TestDrafts.jsonLine("k2", "Hi Dana, a quick one?") + "\n").getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
            FakeDialogs d = new FakeDialogs();
            ConsoleServices s = ConsoleApp.services(ws, "erin", TaskExecutor.direct(), d);
            QueueViewModel q = new QueueViewModel(s);
            ReviewViewModel r = new ReviewViewModel(s);
            MainViewModel m = new MainViewModel(s, q, r, new AuditViewModel(s), new io.countersign.ui.settings.SettingsViewModel(s),
                    new io.countersign.ui.outbox.OutboxViewModel(s));
            m.start(() -> { });
            r.approve(m::changed); // cancelled: nothing decided
            assertEquals(List.of("create key erin"), d.asked);
            assertEquals(ReviewStatus.PENDING, ws.drafts().find("k1").orElseThrow().status());
            assertTrue(r.message().get().contains("signing key is not created yet"), r.message().get());

            d.passphrases.add("correct horse battery");
            r.approve(m::changed);
            assertEquals(ReviewStatus.APPROVED, ws.drafts().find("k1").orElseThrow().status());
            assertTrue(ws.audit().forDraft("k1").stream().anyMatch(e -> e.type().equals("draft.approved") && e.json().has("signature")));
            ws.signing().lock("erin");
            d.asked.clear();
            d.passphrases.addAll(List.of("not the passphrase", "correct horse battery"));
            r.approve(m::changed);
            assertEquals(List.of("unlock key erin", "unlock key erin: wrong passphrase for erin's signing key"), d.asked);
            assertEquals(ReviewStatus.APPROVED, ws.drafts().find("k2").orElseThrow().status());
            assertTrue(ws.audit().verify().ok());
        }
    }

    @Test
    void aBlockedDraftIsNotApprovableAndSaysWhy() {
        selectId("2-blocked");
        assertFalse(review.approvable().get());
        assertTrue(review.approveHint().get().startsWith("Cannot approve while a blocking finding remains"));
        review.approve(main::changed);
        assertEquals(ReviewStatus.PENDING, app.drafts().find("2-blocked").orElseThrow().status());
        assertTrue(review.message().get().startsWith("Cannot approve"));
    }

    @Test
    void editingReevaluatesLiveAndAnEditThatRemovesTheFindingAllowsApproval() {
        selectId("2-blocked");
        review.startEdit();
        assertTrue(review.editing().get());
        review.textEdited("", "Hi Dana, results vary by team.");
        assertEquals(Decision.ALLOW, review.decision().get());
        assertTrue(review.findings().isEmpty());
        assertTrue(review.approvable().get());
        review.approve(main::changed);
        var stored = app.drafts().find("2-blocked").orElseThrow();
        assertEquals(ReviewStatus.APPROVED, stored.status());
        assertEquals("Hi Dana, results vary by team.", stored.body());
        var types = app.audit().forDraft("2-blocked").stream().map(e -> e.type()).toList();
        assertEquals(List.of("draft.imported", "draft.evaluated", "draft.edited", "draft.approved"), types);
    }

    @Test
    void leavingEditStoresTheTextAndSwitchingDraftsNeverLosesIt() {
        selectId("2-blocked");
        review.startEdit();
        review.textEdited("", "Typed but not saved yet");
        queue.next();
        assertEquals("Typed but not saved yet", app.drafts().find("2-blocked").orElseThrow().body());
        assertFalse(review.editing().get());
    }

    @Test
    void requireApprovalAsksForAcknowledgement() {
        selectId("3-pressure");
        dialogs.acknowledge = false;
        review.approve(main::changed);
        assertEquals(ReviewStatus.PENDING, app.drafts().find("3-pressure").orElseThrow().status());
        assertEquals("Approval cancelled.", review.message().get());
        dialogs.acknowledge = true;
        review.approve(main::changed);
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("3-pressure").orElseThrow().status());
        assertEquals(List.of("acknowledge 1", "acknowledge 1"), dialogs.asked);
    }

    @Test
    void rejectNeedsAReasonAndRemembersRecentOnes() {
        review.reject(main::changed);
        assertEquals(ReviewStatus.PENDING, app.drafts().find("1-clean").orElseThrow().status());
        dialogs.rejectReason = Optional.of("Off-brand tone");
        review.reject(main::changed);
        assertEquals("Off-brand tone", app.drafts().find("1-clean").orElseThrow().rejectReason());
        review.reject(main::changed);
        assertEquals(List.of("Off-brand tone"), dialogs.lastRecentReasons);
        assertEquals("2 pending · 0 approved · 2 rejected", main.counts().get());
    }

    @Test
    void digitAppliesTheNumberedFixAndRecordsIt() {
        selectId("4-placeholder");
        assertEquals(1, review.fixes().size());
        assertEquals("Fill in \u201cDana\u201d", review.fixes().get(0).fix().label());
        review.applyFix(1, main::changed);
        var stored = app.drafts().find("4-placeholder").orElseThrow();
        assertEquals("Hi Dana, quick one.", stored.body());
        assertEquals(Decision.ALLOW, stored.decision().decision());
        var last = app.audit().forDraft("4-placeholder");
        assertTrue(last.get(last.size() - 1).text("note").startsWith("applied fix [placeholder]"));
        review.applyFix(7, main::changed);
        assertEquals("No fix numbered 7.", review.message().get());
    }

    @Test
    void findingsCanBeSteppedThroughAndFoundUnderTheMouse() {
        selectId("2-blocked");
        review.nextFinding();
        assertEquals(0, review.selectedFinding().get());
        review.previousFinding();
        assertEquals(review.findings().size() - 1, review.selectedFinding().get());
        assertEquals(1, review.findingsAt(25).size());
        assertTrue(review.findingsAt(0).isEmpty());
    }

    @Test
    void tryPolicyShowsChangesAndActivatesOnlyWhenConfirmed(@TempDir Path dir) throws Exception {
        Path candidate = dir.resolve("stricter.yaml");
        java.nio.file.Files.writeString(candidate, new String(io.countersign.core.policy.loading.PolicyLoader.defaultPolicyBytes(),
                StandardCharsets.UTF_8).replace("version: 2", "version: 3")
                .replace("  - id: pressure\n    severity: require_approval", "  - id: pressure\n    severity: block"));
        String before = app.policy().version();
        dialogs.policyFile = Optional.of(candidate);
        dialogs.activatePolicy = false;
        main.tryPolicy();
        assertEquals(List.of("choose policy", "policy change 1"), dialogs.asked);
        assertEquals(before, app.policy().version());
        dialogs.activatePolicy = true;
        main.tryPolicy();
        assertTrue(app.policy().version().startsWith("3+sha256:"));
        assertTrue(main.policyText().get().startsWith("policy v3"));
        assertTrue(review.lastAction().get().contains("1 pending decision(s) changed"), review.lastAction().get());
        assertEquals(Decision.BLOCK, app.drafts().find("3-pressure").orElseThrow().decision().decision());
        assertTrue(settings.policyVersion().get().startsWith("v3 "), "Settings shows the activated policy");
    }

    @Test
    void settingsListTheRulesInForceWithTheirModes() {
        assertEquals(app.policy().rules().size(), settings.rules().size());
        assertEquals("observe", settings.rules().stream().filter(r -> r.id().equals("email-footer")).findFirst().orElseThrow().mode());
        assertEquals("enforce", settings.rules().stream().filter(r -> r.id().equals("links")).findFirst().orElseThrow().mode());
        assertTrue(settings.policyVersion().get().startsWith("v2 ("), settings.policyVersion().get());
    }

    @Test
    void anObjectionAddedInSettingsBlocksThatLeadsPendingDraftsAtOnce() {
        settings.loadEntries();
        assertEquals(0, settings.entries().size());
        dialogs.suppression = Optional.of(new io.countersign.ui.common.SuppressionRequest(
                io.countersign.core.contact.Suppression.Kind.LEAD, "L-1-clean", "replied STOP on LinkedIn", "linkedin-message"));
        settings.addEntry();
        assertEquals(Decision.BLOCK, app.drafts().find("1-clean").orElseThrow().decision().decision());
        assertEquals(Decision.BLOCK, queue.visible().stream().filter(d -> d.id().equals("1-clean")).findFirst().orElseThrow()
                .decision(), "the queue shows the new decision");
        assertTrue(review.lastAction().get().startsWith("Added lead L-1-clean"), review.lastAction().get());
        assertEquals(1, settings.entries().size());
        assertEquals("alice", settings.entries().get(0).addedBy());
        assertEquals("linkedin-message", settings.entries().get(0).source());
        settings.addEntry();
        assertTrue(settings.listStatus().get().contains("already on the do-not-contact list"), settings.listStatus().get());
        settings.filter().set("nobody-matches");
        assertEquals(0, settings.entries().size());
        assertTrue(settings.listStatus().get().startsWith("1 entry · 0 shown"), settings.listStatus().get());
    }

    @Test
    void csvImportAddsGoodRowsAndNamesTheLineOfEachBadOne(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("objections.csv");
        java.nio.file.Files.writeString(csv, "kind,value,reason,source\n"
                + "email,Sam@Lumen.example,unsubscribed,email-reply\n"
                + "phone,+1 555 0100,called,manual\n"
                + "company,\"Northwind Pay, Inc.\",legal asked,manual\n"
                + "domain,,empty,manual\n");
        dialogs.suppressionCsv = Optional.of(csv);
        settings.importCsv();
        assertEquals(2, settings.entries().size());
        assertTrue(settings.listStatus().get().startsWith("2 entries") && settings.listStatus().get()
                .endsWith("2 added, 0 already listed, 2 rejected (objections.csv)"), settings.listStatus().get());
        String info = dialogs.asked.stream().filter(a -> a.startsWith("info ")).findFirst().orElseThrow();
        assertTrue(info.contains("objections.csv:3: unknown kind 'phone'") && info.contains("objections.csv:5: value is empty"), info);
        assertEquals(Decision.BLOCK, app.drafts().find("2-blocked").orElseThrow().decision().decision());
        assertTrue(app.drafts().find("1-clean").orElseThrow().decision().findings().stream()
                .anyMatch(f -> f.ruleId().equals("do-not-contact")), "the company entry covers every Northwind Pay lead");

        Path broken = dir.resolve("broken.csv");
        java.nio.file.Files.writeString(broken, "email\nx@y.example\n");
        dialogs.suppressionCsv = Optional.of(broken);
        settings.importCsv();
        assertTrue(dialogs.asked.contains("error Nothing imported: broken.csv:1: header must contain kind and value"), dialogs.asked.toString());
        assertEquals(2, settings.entries().size());
    }

    @Test
    void repliesImportedInSettingsSuppressEveryoneWhoObjected(@TempDir Path dir) throws Exception {
        Path replies = dir.resolve("linkedin-replies.jsonl");
        java.nio.file.Files.writeString(replies, String.join("\n",
                "{\"channel\":\"linkedin\",\"leadId\":\"L-3-pressure\",\"text\":\"Not interested, please stop messaging me\"}",
                "{\"channel\":\"linkedin\",\"leadId\":\"L-1-clean\",\"text\":\"Happy to talk next week\"}",
                "{\"channel\":\"linkedin\",\"text\":\"stop\"}") + "\n");
        dialogs.repliesFile = Optional.of(replies);
        settings.importReplies();
        assertEquals(Decision.BLOCK, app.drafts().find("3-pressure").orElseThrow().decision().decision());
        assertEquals(Decision.ALLOW, app.drafts().find("1-clean").orElseThrow().decision().decision());
        assertEquals(1, settings.entries().size());
        assertEquals("linkedin-message", settings.entries().get(0).source());
        String info = dialogs.asked.stream().filter(a -> a.startsWith("info Replies imported")).findFirst().orElseThrow();
        assertTrue(info.contains("2 replies from linkedin-replies.jsonl: 1 objection, 1 added to the list"), info);
        assertTrue(info.contains("\u2022 lead L-3-pressure: \u201cNot interested\u201d"), info);
        assertTrue(info.contains("linkedin-replies.jsonl:3: from or leadId: one is needed to know who replied"), info);
        assertTrue(review.lastAction().get().endsWith("pending drafts re-checked."), review.lastAction().get());
    }

    @Test
    void pickedDraftsAreApprovedInBulkSkippingBlockedOnesAfterOneConfirmation() {
        selectId("1-clean");
        queue.toggleMark();
        selectId("2-blocked");
        queue.toggleMark();
        selectId("3-pressure");
        queue.toggleMark();
        assertEquals(3, queue.markedCount().get());
        assertTrue(main.selectionText().get().startsWith("3 selected"), main.selectionText().get());

        dialogs.confirmBulk = false;
        main.approveSelection();
        assertEquals("Bulk approval cancelled.", review.lastAction().get());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("1-clean").orElseThrow().status());

        dialogs.confirmBulk = true;
        main.approveSelection();
        assertTrue(dialogs.asked.contains("bulk approve 2 (1 blocked) [pressure \u2014 1 draft]"), dialogs.asked.toString());
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("1-clean").orElseThrow().status());
        assertEquals(ReviewStatus.APPROVED, app.drafts().find("3-pressure").orElseThrow().status());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("2-blocked").orElseThrow().status());
        assertEquals("Approved 2 of 2 as alice; 1 skipped (blocking findings)", review.lastAction().get());
        assertEquals(1, dialogs.lastForecast.size(), dialogs.lastForecast.toString());
        assertTrue(dialogs.lastForecast.get(0).startsWith("maria.linkedin: 0 of 50 used today"), dialogs.lastForecast.toString());
        assertEquals(1, queue.markedCount().get(), "the blocked draft stays picked");
        assertTrue(app.audit().read(0, 1000).stream().anyMatch(e -> e.type().equals("draft.approved")
                && e.line().contains("\"3-pressure\"") && e.json().path("acknowledged").path(0).path("rule").asText().equals("pressure")),
                "the acknowledgement is recorded with the approval");
        assertTrue(app.audit().verify().ok());
    }

    @Test
    void bulkRejectAsksOneReasonAndACancelStopsBeforeTheNextDraft() {
        selectId("1-clean");
        queue.extendMark(1);
        queue.extendMark(1);
        assertEquals(3, queue.markedCount().get());
        dialogs.rejectReason = Optional.of("Wrong persona for this campaign");
        // cancel after the first draft is decided
        main.bulk().progress().addListener((o, a, b) -> main.bulk().cancel());
        main.rejectSelection();
        assertTrue(dialogs.asked.contains("reject 3 selected drafts"), dialogs.asked.toString());
        assertEquals("Rejected 1 of 3 as alice; cancelled, 2 left undecided: Wrong persona for this campaign",
                review.lastAction().get());
        assertEquals(2, queue.markedCount().get());
        assertFalse(main.bulk().running().get());
        assertEquals("Wrong persona for this campaign", review.recentReasons().get(0), "offered again on Alt+1");
    }

    @Test
    void searchNeedsEveryWordFoldingCaseAndAccentsAndGgGJump() {
        queue.search().set("LAST   chance");
        assertEquals(List.of("3-pressure"), queue.visible().stream().map(d -> d.id()).toList());
        queue.search().set("n\u00f3rthwind guaranteed");
        assertEquals(List.of("2-blocked"), queue.visible().stream().map(d -> d.id()).toList());
        queue.search().set("northwind");
        assertEquals(4, queue.visible().size());
        queue.search().set("no-such-words");
        assertEquals(0, queue.visible().size());
        queue.search().set("");
        queue.last();
        assertEquals(queue.visible().size() - 1, queue.selectedIndex().get());
        queue.first();
        assertEquals(0, queue.selectedIndex().get());
    }

    @Test
    void ctrlIImportsAFileAndNamesEachRejectedLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("more.jsonl");
        java.nio.file.Files.writeString(file, TestDrafts.jsonLine("5-new", "Hi Dana, one more idea for Northwind Pay.") + "\n"
                + "{not json\n" + TestDrafts.jsonLine("1-clean", "Hi Dana, worth a chat about SDR ramp?") + "\n");
        dialogs.draftsFile = Optional.of(file);
        main.importDrafts();
        assertEquals("more.jsonl: 1 imported, 1 already present, 1 rejected", review.lastAction().get());
        assertTrue(queue.visible().stream().anyMatch(d -> d.id().equals("5-new")), "the queue shows the new draft");
        String info = dialogs.asked.stream().filter(a -> a.startsWith("info Some drafts were rejected")).findFirst().orElseThrow();
        assertTrue(info.contains("more.jsonl:2: malformed JSON"), info);
    }
}
