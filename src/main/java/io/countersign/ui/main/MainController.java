package io.countersign.ui.main;

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
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.fxmisc.richtext.GenericStyledArea;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: header, tabs, status bar and the keyboard map. Single-letter keys act only
 * when the reviewer is not typing.
 */
public final class MainController {

    private static final KeyCombination TOGGLE_THEME = new KeyCodeCombination(KeyCode.L,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination TRY_POLICY = new KeyCodeCombination(KeyCode.T,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination QUEUE_TAB = new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination AUDIT_TAB = new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination APPROVE_SELECTION = new KeyCodeCombination(KeyCode.A,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination IMPORT = new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination SETTINGS_TAB = new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN);

    private final MainViewModel vm;
    private final DialogService dialogs;

    @FXML private Label workspaceLabel;
    @FXML private Label policyLabel;
    @FXML private Label reviewerLabel;
    @FXML private Button themeButton;
    @FXML private Button shortcutsButton;
    @FXML private TabPane tabs;
    @FXML private Tab queueTab;
    @FXML private Tab auditTab;
    @FXML private Tab settingsTab;
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
        statusPolicyLabel.textProperty().bind(vm.policyText());
        countsLabel.textProperty().bind(vm.counts());
        selectionLabel.textProperty().bind(vm.selectionText());
        bulkProgress.progressProperty().bind(vm.bulk().progress());
        bulkProgress.visibleProperty().bind(vm.bulk().running());
        bulkProgress.managedProperty().bind(vm.bulk().running());
        cancelBulkButton.visibleProperty().bind(vm.bulk().running());
        cancelBulkButton.managedProperty().bind(vm.bulk().running());
        cancelBulkButton.setOnAction(e -> vm.bulk().cancel());
        Tooltip bulkTip = new Tooltip();
        bulkTip.textProperty().bind(vm.bulk().status());
        bulkProgress.setTooltip(bulkTip);
        lastActionLabel.textProperty().bind(vm.review().lastAction());
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

    private void keyPressed(KeyEvent e) {
        if (TOGGLE_THEME.match(e)) {
            toggleTheme();
            e.consume();
        } else if (TRY_POLICY.match(e)) {
            tryPolicy();
            e.consume();
        } else if (QUEUE_TAB.match(e)) {
            tabs.getSelectionModel().select(queueTab);
            e.consume();
        } else if (AUDIT_TAB.match(e)) {
            tabs.getSelectionModel().select(auditTab);
            e.consume();
        } else if (IMPORT.match(e)) {
            tabs.getSelectionModel().select(queueTab);
            vm.importDrafts();
            e.consume();
        } else if (APPROVE_SELECTION.match(e) && queueTab.isSelected()) {
            vm.approveSelection();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && queueTab.isSelected() && !typing(e)
                && vm.queue().markedCount().get() > 0) {
            vm.queue().clearMarks();
            e.consume();
        } else if (SETTINGS_TAB.match(e)) {
            tabs.getSelectionModel().select(settingsTab);
            e.consume();
        } else if (!typing(e) && queueTab.isSelected() && !e.isShortcutDown() && !e.isAltDown()) {
            // Arrows move through the queue wherever the focus is, except inside lists that use them.
            if (e.getCode() == KeyCode.DOWN && !(e.getTarget() instanceof ListView<?>)) {
                vm.queue().next();
                e.consume();
            } else if (e.getCode() == KeyCode.UP && !(e.getTarget() instanceof ListView<?>)) {
                vm.queue().previous();
                e.consume();
            } else if (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP) {
                // Wherever the focus is (the list need not have been clicked first).
                int rows = queueViewController.rowsPerPage();
                vm.queue().moveBy(e.getCode() == KeyCode.PAGE_DOWN ? rows : -rows);
                e.consume();
            } else if (e.getCode() == KeyCode.SPACE) {
                vm.skip();
                e.consume();
            }
        }
    }

    private void keyTyped(KeyEvent e) {
        if (typing(e) || e.isShortcutDown() || e.isAltDown() || e.getCharacter().isEmpty()) {
            return;
        }
        String c = e.getCharacter();
        if (c.equals("?")) {
            showShortcuts();
            e.consume();
            return;
        }
        if (!queueTab.isSelected()) {
            return;
        }
        ReviewViewModel review = vm.review();
        boolean handled = true;
        switch (c) {
            case "j" -> vm.queue().next();
            case "k" -> vm.queue().previous();
            case "a" -> review.approve(vm::changed);
            case "e" -> review.startEdit();
            case "r" -> {
                if (vm.queue().markedCount().get() > 0) {
                    vm.rejectSelection();
                } else {
                    review.reject(vm::changed);
                }
            }
            case "x" -> vm.queue().toggleMark();
            case "/" -> queueViewController.focusSearch();
            case "G" -> vm.queue().last();
            case "g" -> {
                long now = System.nanoTime();
                if (now - lastG < 800_000_000L) {
                    vm.queue().first();
                    lastG = 0;
                } else {
                    lastG = now;
                }
            }
            case "J" -> vm.queue().extendMark(1);
            case "K" -> vm.queue().extendMark(-1);
            case "t" -> review.toggleTrail();
            case "]" -> review.nextFinding();
            case "[" -> review.previousFinding();
            case " " -> { }
            default -> {
                if (c.length() == 1 && c.charAt(0) >= '1' && c.charAt(0) <= '9') {
                    review.applyFix(c.charAt(0) - '0', vm::changed);
                } else {
                    handled = false;
                }
            }
        }
        if (handled) {
            e.consume();
        }
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
