package io.countersign.ui.main;

import java.util.Optional;

import io.countersign.ui.audit.AuditController;
import io.countersign.ui.common.DialogService;
import io.countersign.ui.common.KeyBinding;
import io.countersign.ui.queue.QueueController;
import io.countersign.ui.review.ReviewController;
import io.countersign.ui.review.ReviewViewModel;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.fxmisc.richtext.GenericStyledArea;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: header, tabs, status bar and the keyboard map. Single-letter keys act only
 * when the reviewer is not typing.
 */
public final class MainController {


    private final MainViewModel vm;
    private final DialogService dialogs;

    @FXML private Label workspaceLabel;
    @FXML private Label policyLabel;
    @FXML private Label reviewerLabel;
    @FXML private Button themeButton;
    @FXML private Button shortcutsButton;
    @FXML private javafx.scene.layout.HBox auditBanner;
    @FXML private Label auditBannerText;
    @FXML private Button acknowledgeButton;
    @FXML private TabPane tabs;
    @FXML private Tab queueTab;
    @FXML private Tab auditTab;
    @FXML private Tab settingsTab;
    @FXML private Tab outboxTab;
    @FXML private Label sendingLabel;
    @FXML private Label witnessLabel;
    @FXML private io.countersign.ui.outbox.OutboxController outboxViewController;
    @FXML private Label countsLabel;
    @FXML private Label lastActionLabel;
    @FXML private Label statusPolicyLabel;
    @FXML private Label selectionLabel;
    @FXML private javafx.scene.control.ProgressBar bulkProgress;
    @FXML private Button cancelBulkButton;
    @FXML private QueueController queueViewController;
    /** When 'g' was typed last, for "g g" (first draft). */
    private long lastG;
    @FXML private ReviewController reviewViewController;
    @FXML private AuditController auditViewController;
    @FXML private io.countersign.ui.settings.SettingsController settingsViewController;

    public MainController(MainViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        workspaceLabel.setText(vm.workspaceText());
        policyLabel.textProperty().bind(vm.policyText());
        Tooltip policyTip = new Tooltip();
        policyTip.textProperty().bind(vm.policyVersion().map(v -> "Policy in force: " + v));
        policyLabel.setTooltip(policyTip);
        reviewerLabel.setText(vm.reviewerText());
        var broken = vm.auditFinding().isNotEmpty();
        auditBanner.visibleProperty().bind(broken);
        auditBanner.managedProperty().bind(broken);
        auditBannerText.textProperty().bind(vm.auditFinding().map(f -> "The audit log does not verify: " + f
                + ". Nothing more is written (approvals, edits, imports are refused) until an administrator acknowledges it."));
        auditBannerText.setGraphic(new FontIcon(Feather.ALERT_OCTAGON));
        StatusViewModel status = vm.status();
        statusPolicyLabel.textProperty().bind(status.policy());
        countsLabel.textProperty().bind(status.counts());
        selectionLabel.textProperty().bind(status.selection());
        bulkProgress.progressProperty().bind(status.taskProgress());
        bulkProgress.visibleProperty().bind(status.taskRunning());
        bulkProgress.managedProperty().bind(status.taskRunning());
        cancelBulkButton.visibleProperty().bind(status.taskRunning());
        cancelBulkButton.managedProperty().bind(status.taskRunning());
        cancelBulkButton.setOnAction(e -> status.cancelTask());
        Tooltip bulkTip = new Tooltip();
        bulkTip.textProperty().bind(status.taskTitle());
        bulkProgress.setTooltip(bulkTip);
        lastActionLabel.textProperty().bind(status.lastAction());
        shortcutsButton.setGraphic(new FontIcon(Feather.HELP_CIRCLE));
        shortcutsButton.setTooltip(new Tooltip(KeyBinding.SHORTCUTS.tooltip()));
        themeButton.setTooltip(new Tooltip(KeyBinding.TOGGLE_THEME.tooltip()));
        updateThemeIcon();
        vm.darkTheme().addListener((o, a, b) -> updateThemeIcon());
        reviewViewController.setActions(vm::changed, vm::skip);
        auditTab.setOnSelectionChanged(e -> {
            if (auditTab.isSelected()) {
                auditViewController.reload();
            }
        });
        witnessLabel.textProperty().bind(status.witness());
        witnessLabel.graphicProperty().bind(status.witness().map(t -> t.isEmpty() ? null
                : new FontIcon(status.witnessAlert().get() ? Feather.ALERT_OCTAGON : Feather.SHIELD)));
        status.witnessAlert().addListener((o, was, alert) -> {
            witnessLabel.getStyleClass().remove(atlantafx.base.theme.Styles.DANGER);
            if (alert) {
                witnessLabel.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
            }
        });
        witnessLabel.setTooltip(new Tooltip("The collector that witnesses this workspace's audit log; 'countersign sync status' says more"));
        sendingLabel.textProperty().bind(status.sending());
        sendingLabel.graphicProperty().bind(status.sending().map(t -> t.isEmpty() ? null : new FontIcon(Feather.PAUSE_CIRCLE)));
        sendingLabel.setTooltip(new Tooltip("All sending is paused; " + KeyBinding.PAUSE_ALL.keys() + " or the Outbox tab resumes it"));
        outboxTab.setOnSelectionChanged(e -> {
            if (outboxTab.isSelected()) {
                outboxViewController.reload();
            }
        });
        settingsViewController.setTryPolicy(vm::tryPolicy);
        settingsTab.setOnSelectionChanged(e -> {
            if (settingsTab.isSelected()) {
                settingsViewController.reload();
            }
        });
    }

    /** Installs the keyboard map on the window's scene. */
    public void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        scene.addEventFilter(KeyEvent.KEY_TYPED, this::keyTyped);
    }

    /** Keys pressed: combinations and the keys that type no character (arrows, Esc, Space, PgDn). */
    private void keyPressed(KeyEvent e) {
        Optional<KeyBinding> binding = KeyBinding.of(e);
        if (binding.isEmpty()) {
            return;
        }
        boolean plain = !typing(e) && queueTab.isSelected();
        boolean handled = switch (binding.get()) {
            case TOGGLE_THEME -> run(this::toggleTheme);
            case TRY_POLICY -> run(this::tryPolicy);
            case FOCUS_QUEUE -> run(() -> tabs.getSelectionModel().select(queueTab));
            case FOCUS_AUDIT -> run(() -> tabs.getSelectionModel().select(auditTab));
            case FOCUS_SETTINGS -> run(() -> tabs.getSelectionModel().select(settingsTab));
            case FOCUS_OUTBOX -> run(() -> tabs.getSelectionModel().select(outboxTab));
            case PAUSE_ALL -> run(vm.outbox()::togglePauseAll);
            case UNDO -> !typing(e) && run(vm::undoLast);
            case IMPORT -> run(() -> {
                tabs.getSelectionModel().select(queueTab);
                vm.importDrafts();
            });
            case APPROVE_SELECTION -> queueTab.isSelected() && run(vm::approveSelection);
            case LEAVE_EDIT -> plain && vm.queue().markedCount().get() > 0 && run(vm.queue()::clearMarks);
            // Arrows move through the queue wherever the focus is, except inside lists that use them.
            case NEXT -> plain && !(e.getTarget() instanceof ListView<?>) && run(vm.queue()::next);
            case PREVIOUS -> plain && !(e.getTarget() instanceof ListView<?>) && run(vm.queue()::previous);
            // Wherever the focus is (the list need not have been clicked first).
            case PAGE -> plain && run(() -> vm.queue().moveBy(
                    (e.getCode() == KeyCode.PAGE_DOWN ? 1 : -1) * queueViewController.rowsPerPage()));
            case SKIP -> plain && run(vm::skip);
            default -> false;
        };
        if (handled) {
            e.consume();
        }
    }

    /** Keys that type a character: single letters, digits and punctuation, never while typing text. */
    private void keyTyped(KeyEvent e) {
        if (typing(e)) {
            return;
        }
        Optional<KeyBinding> binding = KeyBinding.of(e);
        if (binding.isEmpty() || (binding.get() != KeyBinding.SHORTCUTS
                && !(binding.get() == KeyBinding.UNDO && outboxTab.isSelected()) && !queueTab.isSelected())) {
            return;
        }
        ReviewViewModel review = vm.review();
        String c = e.getCharacter();
        switch (binding.get()) {
            case SHORTCUTS -> showShortcuts();
            case NEXT -> vm.queue().next();
            case PREVIOUS -> vm.queue().previous();
            case APPROVE -> review.approve(vm::changed);
            case EDIT -> review.startEdit();
            case REJECT -> {
                if (vm.queue().markedCount().get() > 0) {
                    vm.rejectSelection();
                } else {
                    review.reject(vm::changed);
                }
            }
            case TOGGLE_SELECTION -> vm.queue().toggleMark();
            case SEARCH -> queueViewController.focusSearch();
            case TOP_BOTTOM -> {
                if (c.equals("G")) {
                    vm.queue().last();
                } else {
                    long now = System.nanoTime();
                    if (now - lastG < 800_000_000L) {
                        vm.queue().first();
                        lastG = 0;
                    } else {
                        lastG = now;
                    }
                }
            }
            case EXTEND_SELECTION -> vm.queue().extendMark(c.equals("J") ? 1 : -1);
            case TRAIL -> review.toggleTrail();
            case NEXT_FINDING -> review.nextFinding();
            case PREVIOUS_FINDING -> review.previousFinding();
            case APPLY_FIX -> review.applyFix(c.charAt(0) - '0', vm::changed);
            case UNDO -> vm.undoLast();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private static boolean run(Runnable action) {
        action.run();
        return true;
    }

    private boolean typing(KeyEvent e) {
        Node focus = e.getTarget() instanceof Node n ? n : null;
        if (focus instanceof TextInputControl t && t.isEditable()) {
            return true;
        }
        if (focus instanceof GenericStyledArea<?, ?, ?> area && area.isEditable()) {
            return true;
        }
        return reviewViewController.isTyping();
    }

    @FXML
    void toggleTheme() {
        vm.darkTheme().set(!vm.darkTheme().get());
    }

    @FXML
    void tryPolicy() {
        vm.tryPolicy();
    }

    @FXML
    void acknowledgeAuditFinding() {
        vm.acknowledgeAuditFinding();
    }

    @FXML
    void showShortcuts() {
        dialogs.showShortcuts();
    }

    private void updateThemeIcon() {
        themeButton.setGraphic(new FontIcon(vm.darkTheme().get() ? Feather.SUN : Feather.MOON));
    }

    public ReviewController review() {
        return reviewViewController;
    }
}
