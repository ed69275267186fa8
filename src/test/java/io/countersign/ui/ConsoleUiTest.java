package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import io.countersign.ui.common.FxDialogService;
import io.countersign.ui.common.FxTaskExecutor;
import io.countersign.ui.main.MainWindow;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real console window by keyboard, headless (Monocle), on a demo-seeded workspace,
 * and saves PNG snapshots of the main screens to target/screenshots/.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {

    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path home;
    private Countersign app;
    private FxTaskExecutor tasks;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, true, Clock.systemUTC()));
        String extra = TestDrafts.jsonLine("zz-ui-edit", "Hi Dana, our results are guaranteed. Worth a chat?") + "\n";
        app.importer().importBytes("ui.jsonl", extra.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
        tasks = new FxTaskExecutor();
        FxDialogService dialogs = new FxDialogService(url -> { });
        window = MainWindow.load(ConsoleApp.services(app, "alice", tasks, dialogs), false, dark -> { });
        stage.setScene(window.scene());
        stage.setWidth(1440);
        stage.setHeight(900);
        stage.setTitle("Countersign");
        dialogs.setOwner(stage);
        stage.show();
        window.viewModel().start(() -> { });
    }

    @AfterEach
    void tearDown() throws Exception {
        settle();
        tasks.close();
        app.close();
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tasks.isIdle());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showOnly(Decision decision, FxRobot robot) throws Exception {
        settle();
        robot.interact(() -> window.viewModel().queue().decisionFilter().set(decision));
        settle();
    }

    private void selectDraft(String id, FxRobot robot) throws Exception {
        settle();
        robot.interact(() -> {
            var visible = window.viewModel().queue().visible();
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).id().equals(id)) {
                    window.viewModel().queue().select(i);
                }
            }
        });
        settle();
    }

    private String selectedId() {
        var q = window.viewModel().review().draft().get();
        return q == null ? null : q.id();
    }

    private ReviewStatus statusOf(String id) {
        return app.drafts().find(id).orElseThrow().status();
    }

    static void snapshot(Scene scene, String name) throws Exception {
        Files.createDirectories(SHOTS);
        WritableImage[] image = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> image[0] = scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        File file = SHOTS.resolve(name).toFile();
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", file)) {
            throw new IOException("no PNG writer");
        }
    }

    private static Window windowTitled(FxRobot robot, String title) {
        return robot.listTargetWindows().stream()
                .filter(w -> w instanceof Stage s && title.equals(s.getTitle()) && w.isShowing())
                .findFirst().orElseThrow(() -> new AssertionError("no window titled " + title));
    }

    @Test
    void queueShowsDemoDataAndKeysMoveTheSelection(FxRobot robot) throws Exception {
        settle();
        assertEquals(51, window.viewModel().queue().visible().size());
        String first = selectedId();
        robot.type(KeyCode.J);
        settle();
        String second = selectedId();
        assertFalse(first.equals(second));
        robot.type(KeyCode.DOWN);
        settle();
        robot.type(KeyCode.K);
        robot.type(KeyCode.K);
        settle();
        assertEquals(first, selectedId());
        Button approve = robot.lookup("#approveButton").queryButton();
        assertTrue(approve.getTooltip().getText().endsWith("(a)"));
        assertTrue(robot.lookup("#rejectButton").queryButton().getTooltip().getText().endsWith("(r)"));
        assertTrue(robot.lookup("#editButton").queryButton().getTooltip().getText().endsWith("(e)"));
        assertTrue(robot.lookup("#skipButton").queryButton().getTooltip().getText().endsWith("(Space)"));
        snapshot(window.scene(), "01-queue-and-review.png");
    }

    @Test
    void approveByKeyRecordsTheReviewerAndMovesOn(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        String id = selectedId();
        robot.type(KeyCode.A);
        waitUntil(() -> statusOf(id) == ReviewStatus.APPROVED);
        settle();
        assertFalse(id.equals(selectedId()), "selection moves to the next draft");
        var trail = app.audit().forDraft(id);
        assertEquals("alice", trail.get(trail.size() - 1).text("approvedBy"));
        assertTrue(window.viewModel().counts().get().contains("1 approved"));
    }

    @Test
    void theFirstDecisionAsksToUnlockTheSigningKeyAndAWrongPassphraseIsSaidInTheDialog(FxRobot robot) throws Exception {
        app.signing().create("alice", io.countersign.TestWorkspaces.PASSPHRASE.toCharArray());
        app.signing().lock("alice");
        app.signing().passphrases((r, creating) -> java.util.Optional.empty()); // as in the console: only the reviewer knows it
        showOnly(Decision.ALLOW, robot);
        String id = selectedId();
        robot.type(KeyCode.A);
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Unlock your signing key");
        robot.targetWindow(dialog);
        robot.write("not the passphrase");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> {
            Window again = robot.listWindows().stream().filter(w -> w instanceof javafx.stage.Stage st
                    && "Unlock your signing key".equals(st.getTitle()) && w.isShowing()).findFirst().orElse(null);
            return again != null && again.getScene().lookup("#signingProblem") instanceof javafx.scene.control.Label l
                    && l.getText().startsWith("wrong passphrase");
        });
        Window retry = windowTitled(robot, "Unlock your signing key");
        snapshot(retry.getScene(), "22-unlock-signing-key-wrong-passphrase.png");
        assertEquals(ReviewStatus.PENDING, statusOf(id));
        robot.targetWindow(retry);
        robot.clickOn("#signingPassphrase").write(io.countersign.TestWorkspaces.PASSPHRASE);
        robot.type(KeyCode.ENTER);
        waitUntil(() -> statusOf(id) == ReviewStatus.APPROVED);
        assertTrue(app.audit().forDraft(id).stream().anyMatch(e -> e.type().equals("draft.approved") && e.json().has("signature")));
    }

    @Test
    void aLogThatDoesNotVerifyShowsARedBannerRefusesApprovalsUntilAcknowledged(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        assertFalse(robot.lookup("#auditBanner").query().isVisible());
        app.workspace().jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_entry_no_update");
            h.execute("UPDATE audit_entry SET line = REPLACE(line, '\"kind\":', '\"kind\": ') WHERE seq = 1");
        });
        robot.interact(() -> window.viewModel().audit().verify());
        waitUntil(() -> robot.lookup("#auditBanner").query().isVisible());
        assertTrue(((javafx.scene.control.Label) robot.lookup("#auditBannerText").query()).getText()
                .startsWith("The audit log does not verify: FAIL: entry 1: stored bytes are not the canonical encoding"));
        snapshot(window.scene(), "13-audit-does-not-verify.png");

        String id = selectedId();
        robot.type(KeyCode.A);
        waitUntil(() -> window.viewModel().review().lastAction().get().startsWith("Not approved"));
        assertEquals(ReviewStatus.PENDING, statusOf(id), "refused: nothing is written while the finding is open");
        assertTrue(window.viewModel().review().lastAction().get().contains("the audit log does not verify"),
                window.viewModel().review().lastAction().get());

        robot.clickOn("#acknowledgeButton");
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Acknowledge audit finding");
        robot.targetWindow(dialog);
        robot.write("Test edit made on purpose");
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(dialog.getScene(), "14-acknowledge-audit-finding.png");
        Button record = dialog.getScene().getRoot().lookupAll(".button").stream().map(Button.class::cast)
                .filter(b -> b.getText().equals("Acknowledge and record")).findFirst().orElseThrow();
        robot.clickOn(record);
        waitUntil(() -> !robot.lookup("#auditBanner").query().isVisible());
        var ack = app.audit().latest(io.countersign.core.audit.AuditEventType.AUDIT_ACKNOWLEDGED).orElseThrow();
        assertEquals("alice", ack.text("actor").contains("alice") ? "alice" : ack.line());
        assertEquals("Test edit made on purpose", ack.text("reason"));

        selectDraft(id, robot);
        robot.type(KeyCode.A);
        waitUntil(() -> statusOf(id) == ReviewStatus.APPROVED);
    }

    @Test
    void rejectByKeyNeedsAReason(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        String id = selectedId();
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Reject draft");
        Button rejectButton = dialog.getScene().getRoot().lookupAll(".button").stream()
                .map(Button.class::cast).filter(b -> b.getText().equals("Reject draft")).findFirst().orElseThrow();
        assertTrue(rejectButton.isDisabled(), "no reason, no rejection");
        robot.targetWindow(dialog);
        robot.write("Off-brand tone for a CFO");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Off-brand tone for a CFO", ((TextField) dialog.getScene().lookup("#rejectReason")).getText());
        snapshot(dialog.getScene(), "03-reject-dialog.png");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> statusOf(id) == ReviewStatus.REJECTED);
        assertEquals("Off-brand tone for a CFO", app.drafts().find(id).orElseThrow().rejectReason());
    }

    @Test
    void rejectCanBeCancelledWithEscape(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        String id = selectedId();
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        windowTitled(robot, "Reject draft");
        robot.type(KeyCode.ESCAPE);
        settle();
        assertEquals(ReviewStatus.PENDING, statusOf(id));
        assertEquals(id, selectedId());
    }

    @Test
    void aBlockedDraftCannotBeApprovedByKey(FxRobot robot) throws Exception {
        showOnly(Decision.BLOCK, robot);
        String id = selectedId();
        assertTrue(robot.lookup("#approveButton").queryButton().isDisabled());
        robot.type(KeyCode.A);
        settle();
        assertEquals(ReviewStatus.PENDING, statusOf(id));
        assertTrue(window.viewModel().review().message().get().startsWith("Cannot approve"));
        robot.write("]");
        settle();
        assertEquals(0, window.viewModel().review().selectedFinding().get());
        snapshot(window.scene(), "02-blocked-draft-with-findings.png");
    }

    @Test
    void anEditThatRemovesTheFindingMakesABlockedDraftApprovable(FxRobot robot) throws Exception {
        selectDraft("zz-ui-edit", robot);
        assertEquals(Decision.BLOCK, window.viewModel().review().decision().get());
        robot.type(KeyCode.E);
        settle();
        assertTrue(window.viewModel().review().editing().get());
        StyleClassedTextArea area = window.controller().review().bodyArea();
        assertTrue(area.isFocused() || area.isEditable());
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("Hi Dana, results vary by team. Worth a chat?");
        waitUntil(() -> window.viewModel().review().decision().get() == Decision.ALLOW);
        snapshot(window.scene(), "04-editing-live-recheck.png");
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> app.drafts().find("zz-ui-edit").orElseThrow().body().equals("Hi Dana, results vary by team. Worth a chat?"));
        settle();
        assertFalse(window.viewModel().review().editing().get());
        robot.type(KeyCode.A);
        waitUntil(() -> statusOf("zz-ui-edit") == ReviewStatus.APPROVED);
        var types = app.audit().forDraft("zz-ui-edit").stream().map(e -> e.type()).toList();
        assertEquals(java.util.List.of("draft.imported", "draft.evaluated", "draft.edited", "draft.approved"), types);
    }

    @Test
    void lettersTypedWhileEditingDoNotTriggerShortcuts(FxRobot robot) throws Exception {
        selectDraft("zz-ui-edit", robot);
        robot.type(KeyCode.E);
        settle();
        robot.write(" a r j");
        settle();
        assertEquals("zz-ui-edit", selectedId());
        assertEquals(ReviewStatus.PENDING, statusOf("zz-ui-edit"));
        assertTrue(window.viewModel().review().body().get().endsWith(" a r j"));
    }

    @Test
    void auditTabAndTrailAndDarkTheme(FxRobot robot) throws Exception {
        settle();
        robot.type(KeyCode.T);
        settle();
        assertTrue(window.viewModel().review().trailVisible().get());
        assertFalse(window.viewModel().review().trail().isEmpty());
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        settle();
        waitUntil(() -> window.viewModel().audit().rows().size() > 100);
        robot.clickOn("#verifyButton");
        waitUntil(() -> window.viewModel().audit().status().get().startsWith("Verified"));
        snapshot(window.scene(), "05-audit-log.png");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.L).release(KeyCode.SHIFT, KeyCode.CONTROL);
        settle();
        assertTrue(window.viewModel().darkTheme().get());
        showOnly(Decision.BLOCK, robot);
        snapshot(window.scene(), "06-dark-theme.png");
        robot.interact(() -> MainWindow.applyTheme(false));
    }

    @Test
    void questionMarkShowsEveryShortcut(FxRobot robot) throws Exception {
        settle();
        robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Keyboard shortcuts");
        snapshot(dialog.getScene(), "07-shortcuts.png");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void settingsShowThePolicyAndTakeAnObjectionByHand(FxRobot robot) throws Exception {
        settle();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        settle();
        var settings = window.viewModel().settings();
        assertEquals(app.policy().rules().size(), settings.rules().size());
        robot.clickOn("#addButton");
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Do-not-contact list");
        robot.clickOn((javafx.scene.Node) dialog.getScene().lookup("#suppressionValue"));
        robot.write("L-zz-ui-edit");
        robot.clickOn((javafx.scene.Node) dialog.getScene().lookup("#suppressionReason"));
        robot.write("Replied \u201cplease stop\u201d on LinkedIn");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> ((javafx.scene.control.ChoiceBox<?>) dialog.getScene().getRoot().lookupAll(".choice-box")
                .iterator().next()).getSelectionModel().select(4)); // lead id
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(dialog.getScene(), "09-add-do-not-contact.png");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> settings.entries().size() == 1);
        settle();
        assertEquals(Decision.BLOCK, app.drafts().find("zz-ui-edit").orElseThrow().decision().decision());
        assertEquals("alice", settings.entries().get(0).addedBy());
        snapshot(window.scene(), "08-settings.png");
    }

    @Test
    void approvedMessagesShowInTheOutboxWithTheirUndoCountdownAndPauseAllStopsSending(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        String first = selectedId();
        robot.type(KeyCode.A);
        settle();
        String second = selectedId();
        robot.type(KeyCode.A);
        settle();
        robot.type(KeyCode.U); // undo the second approval at once
        waitUntil(() -> statusOf(second) == ReviewStatus.PENDING);
        assertTrue(window.viewModel().review().lastAction().get().startsWith("Undone: the approval of " + second),
                window.viewModel().review().lastAction().get());
        assertEquals(ReviewStatus.APPROVED, statusOf(first));
        app.outbox().schedule(); // what the console's background sender does first on each run
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT4).release(KeyCode.CONTROL);
        settle();
        var outbox = window.viewModel().outbox();
        waitUntil(() -> outbox.rows().stream().anyMatch(r -> r.entry().draftId().equals(first)));
        var row = outbox.rows().stream().filter(r -> r.entry().draftId().equals(first)).findFirst().orElseThrow();
        assertTrue(row.when().startsWith("sending in "), row.when());
        snapshot(window.scene(), "16-outbox-undo-window.png");

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.P).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Pause all sending");
        robot.targetWindow(dialog);
        robot.write("Checking the Q4 campaign copy");
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER);
        waitUntil(() -> app.outbox().pausedAll().isPresent());
        waitUntil(() -> !window.viewModel().status().sending().get().isEmpty());
        assertEquals("sending paused", robot.lookup("#sendingLabel").queryAs(javafx.scene.control.Label.class).getText());
        Thread.sleep(10_500); // past the undo window
        assertEquals(0, app.sender().runDue(io.countersign.core.work.Progress.NONE).sent(), "nothing leaves while paused");
        settle();
        snapshot(window.scene(), "17-outbox-sending-paused.png");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.P).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> app.outbox().pausedAll().isEmpty());
        assertEquals(1, app.sender().runDue(io.countersign.core.work.Progress.NONE).sent());
        waitUntil(() -> outbox.rows().stream().anyMatch(r -> r.entry().draftId().equals(first)
                && r.state() == io.countersign.core.outbox.OutboxState.SENT));
        settle();
        snapshot(window.scene(), "18-outbox-sent.png");
    }

    @Test
    void anIdentityIsAddedFromSettingsWithAFormThatNamesEachProblemAsYouType(FxRobot robot) throws Exception {
        settle();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        settle();
        robot.interact(() -> ((javafx.scene.control.ScrollPane) robot.lookup(".settings-view").query()).setVvalue(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#addIdentityButton");
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Add sending identity");
        robot.targetWindow(dialog);
        robot.clickOn("#identityId").write("nora.email");
        robot.clickOn("#identityFrom").write("nora at northwind");
        WaitForAsyncUtils.waitForFxEvents();
        var problem = robot.lookup("#identityProblem").queryAs(javafx.scene.control.Label.class);
        assertEquals("from: 'nora at northwind' is not an email address", problem.getText());
        snapshot(dialog.getScene(), "19-add-identity-form.png");
        robot.interact(() -> robot.lookup("#identityFrom").queryAs(javafx.scene.control.TextField.class).setText("nora@northwind.example"));
        robot.interact(() -> robot.lookup("#identityLimit").queryAs(javafx.scene.control.TextField.class).setText("25"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", problem.getText());
        robot.clickOn("Add identity");
        waitUntil(() -> app.identities().find("nora.email").isPresent());
        assertEquals(25, app.identities().find("nora.email").orElseThrow().dailyLimit());
        settle();
        snapshot(window.scene(), "20-settings-identity-added.png");
    }

    @Test
    void aMailboxIsSignedInWithOAuthFromAFormThatAsksOnlyForWhatItsProviderNeeds(FxRobot robot) throws Exception {
        app.identities().add(new io.countersign.core.identity.IdentityService.Spec("nora.email",
                io.countersign.core.draft.Channel.EMAIL, "nora@northwind.example", "smtp://smtp.office365.com:587", "Nora", "nora",
                40, "Europe/Berlin", null, null, null, null), io.countersign.core.audit.Actor.human("alice"));
        settle();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        settle();
        var settings = window.viewModel().settings();
        waitUntil(() -> settings.identities().stream().anyMatch(r -> r.id().equals("nora.email")));
        robot.interact(() -> ((javafx.scene.control.ScrollPane) robot.lookup(".settings-view").query()).setVvalue(1.0));
        @SuppressWarnings("unchecked")
        var table = (javafx.scene.control.TableView<io.countersign.ui.settings.SettingsViewModel.IdentityRow>)
                robot.lookup("#identitiesTable").query();
        robot.interact(() -> table.getSelectionModel().select(settings.identities().stream()
                .filter(r -> r.id().equals("maria.email")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#signInButton").queryButton().isDisabled(), "a sandbox identity has nothing to sign in to");
        robot.interact(() -> table.getSelectionModel().select(settings.identities().stream()
                .filter(r -> r.id().equals("nora.email")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#signInButton");
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Sign in with OAuth");
        robot.targetWindow(dialog);
        var problem = robot.lookup("#signInProblem").queryAs(javafx.scene.control.Label.class);
        assertTrue(problem.getText().startsWith("Client id:"), problem.getText());
        assertTrue(robot.lookup("#signInTenant").query().isVisible(), "Microsoft 365 asks for the tenant");
        assertFalse(robot.lookup("#signInTokenUrl").query().isVisible(), "only another provider needs its addresses");
        robot.clickOn("#signInTenant").write("northwind.example");
        robot.clickOn("#signInClientId").write("3f2c9a1e-7b7d-4c1e-9f7a-2d5b8c0e4a11");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", problem.getText());
        snapshot(dialog.getScene(), "21-sign-in-with-oauth.png");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(io.countersign.core.identity.Identity.Login.Mechanism.PASSWORD,
                app.identities().find("nora.email").orElseThrow().login().mechanism(), "cancelled: nothing changed");
    }

    @Test
    void settingsListTheSendingIdentitiesAndPauseOneWithAReason(FxRobot robot) throws Exception {
        var ids = app.identities();
        ids.add(new io.countersign.core.identity.IdentityService.Spec("nora.email", io.countersign.core.draft.Channel.EMAIL,
                "nora@northwind.example", "smtps://smtp.northwind.example", "Maria", "maria", 40, "Europe/Berlin", null, null,
                null, "10:5"), io.countersign.core.audit.Actor.human("alice"));
        ids.add(new io.countersign.core.identity.IdentityService.Spec("nora.linkedin", io.countersign.core.draft.Channel.LINKEDIN,
                "https://www.linkedin.com/in/nora-berg", "linkedin-assisted", null, null, null, "Europe/Berlin", "09:00-17:00",
                "mon-thu", "2m", null), io.countersign.core.audit.Actor.human("alice"));
        settle();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        settle();
        var settings = window.viewModel().settings();
        // The demo workspace brings sandbox identities for the ids its drafts use; these two come on top.
        waitUntil(() -> settings.identities().size() == 7);
        assertEquals("7 identities", settings.identityStatus().get());
        assertEquals("sandbox (delivers to this workspace only)", settings.identities().get(0).transport());
        int nora = 0;
        while (!settings.identities().get(nora).id().equals("nora.email")) {
            nora++;
        }
        int row = nora;
        @SuppressWarnings("unchecked")
        var table = (javafx.scene.control.TableView<io.countersign.ui.settings.SettingsViewModel.IdentityRow>) robot.lookup("#identitiesTable").query();
        robot.interact(() -> table.getSelectionModel().select(row));
        robot.interact(() -> ((javafx.scene.control.ScrollPane) robot.lookup(".settings-view").query()).setVvalue(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Pause…", robot.lookup("#pauseButton").queryButton().getText());
        robot.clickOn("#pauseButton");
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Pause identity");
        robot.targetWindow(dialog);
        robot.write("Bounces spiking this morning");
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER);
        waitUntil(() -> settings.identities().get(row).paused());
        assertEquals("paused: Bounces spiking this morning (alice)", settings.identities().get(row).state());
        assertEquals("Paused nora.email: Bounces spiking this morning; 0 pending decisions changed.", settings.identityStatus().get());
        assertEquals("Bounces spiking this morning",
                app.audit().latest(io.countersign.core.audit.AuditEventType.IDENTITY_PAUSED).orElseThrow().text("reason"));
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Resume", robot.lookup("#pauseButton").queryButton().getText());
        snapshot(window.scene(), "15-settings-identities.png");
    }

    @Test
    void pickedDraftsAreApprovedInBulkFromTheKeyboard(FxRobot robot) throws Exception {
        showOnly(Decision.ALLOW, robot);
        robot.interact(() -> window.viewModel().queue().select(0));
        settle();
        var queue = window.viewModel().queue();
        String first = queue.selected().get().id();
        robot.type(KeyCode.SLASH);
        robot.write("brightpath");
        settle();
        assertTrue(queue.visible().stream().allMatch(d -> d.company().contains("Brightpath")), "search filters the queue");
        assertTrue(queue.visible().size() >= 1);
        robot.type(KeyCode.ESCAPE);
        settle();
        assertEquals("", queue.search().get(), "Esc in the search field clears it");
        robot.interact(() -> window.viewModel().queue().select(0));
        settle();
        first = queue.selected().get().id();
        robot.type(KeyCode.X);
        robot.press(KeyCode.SHIFT).type(KeyCode.J).type(KeyCode.J).release(KeyCode.SHIFT);
        settle();
        assertEquals(3, queue.markedCount().get());
        assertTrue(queue.marked().contains(first));
        snapshot(window.scene(), "10-bulk-selection.png");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.A).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        Window dialog = windowTitled(robot, "Approve selection");
        snapshot(dialog.getScene(), "11-bulk-approve-dialog.png");
        assertTrue(((javafx.scene.control.DialogPane) dialog.getScene().getRoot()).getButtonTypes().stream()
                .anyMatch(b -> b.getText().equals("Approve 3 messages")));
        robot.type(KeyCode.ENTER);
        waitUntil(() -> queue.approvedCount().get() == 3 && !window.viewModel().bulk().running().get());
        settle();
        assertEquals(0, queue.markedCount().get());
        assertTrue(window.viewModel().review().lastAction().get().startsWith("Approved 3 of 3 as alice"),
                window.viewModel().review().lastAction().get());
        assertEquals(io.countersign.core.draft.ReviewStatus.APPROVED, app.drafts().find(first).orElseThrow().status());
    }

    @Test
    void laptopSizesShowWholeFiltersFixedActionsAndPageKeys(FxRobot robot) throws Exception {
        for (int[] size : new int[][]{{1280, 720}, {1440, 900}}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            settle();
            // No filter shows a clipped "Any deci…": each combo box is wide enough for its text.
            for (javafx.scene.Node n : window.scene().getRoot().lookupAll(".combo-box-base")) {
                for (javafx.scene.Node t : n.lookupAll(".text")) {
                    if (t instanceof javafx.scene.text.Text text && text.getText() != null) {
                        assertFalse(text.getText().endsWith("\u2026") || text.getText().endsWith("..."),
                                "filter clipped at " + size[0] + "x" + size[1] + ": " + text.getText());
                    }
                }
            }
            // The action row stays where it is from one draft to the next.
            javafx.scene.Node approve = window.scene().lookup("#approveButton");
            double[] y = new double[3];
            for (int i = 0; i < 3; i++) {
                WaitForAsyncUtils.waitForFxEvents();
                y[i] = approve.localToScene(0, 0).getY();
                robot.type(KeyCode.J);
                settle();
            }
            assertEquals(y[0], y[1], 0.5, "action row moved between drafts at " + size[0] + "x" + size[1]);
            assertEquals(y[1], y[2], 0.5, "action row moved between drafts at " + size[0] + "x" + size[1]);
            snapshot(window.scene(), "12-queue-" + size[0] + "x" + size[1] + ".png");
        }
        // PgDn works without clicking the list first.
        int before = window.viewModel().queue().selectedIndex().get();
        robot.type(KeyCode.PAGE_DOWN);
        settle();
        assertTrue(window.viewModel().queue().selectedIndex().get() > before + 1, "PgDn moves a page");
        robot.type(KeyCode.PAGE_UP);
        settle();
        assertTrue(window.viewModel().queue().selectedIndex().get() < before + 2);
        // The cheat sheet fits a 768-pixel-high laptop screen and lists Alt+1…9.
        robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        Window sheet = windowTitled(robot, "Keyboard shortcuts");
        assertTrue(sheet.getHeight() <= 700, "cheat sheet is " + sheet.getHeight() + " px tall");
        assertTrue(sheet.getScene().getRoot().lookupAll(".label").stream()
                .anyMatch(l -> "Alt+1\u20269".equals(((javafx.scene.control.Label) l).getText())));
        snapshot(sheet.getScene(), "07-shortcuts.png");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
