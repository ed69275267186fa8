package io.countersign.ui.review;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.TextField;
import io.countersign.core.review.QueuedDraft;
import io.countersign.ui.audit.AuditRow;
import io.countersign.ui.common.Badges;
import io.countersign.ui.common.KeyBinding;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.event.MouseOverTextEvent;

/** The selected draft: research, subject, highlighted message, findings, actions. */
public final class ReviewController {

    private final ReviewViewModel vm;
    private final StyleClassedTextArea bodyArea = new StyleClassedTextArea();
    private final Popup findingPopup = new Popup();
    private final Label popupLabel = new Label();
    private Runnable onSkip = () -> { };
    private Consumer<QueuedDraft> onDone = q -> { };
    private boolean updatingFromModel;

    @FXML private VBox content;
    @FXML private Label titleLabel;
    @FXML private Label decisionBadge;
    @FXML private Label metaLabel;
    @FXML private Label researchLabel;
    @FXML private Label angleLabel;
    @FXML private HBox subjectRow;
    @FXML private javafx.scene.control.TextField subjectField;
    @FXML private Label editHint;
    @FXML private StackPane bodyHolder;
    @FXML private Label findingsTitle;
    @FXML private ListView<Finding> findingsList;
    @FXML private Label claimsLabel;
    @FXML private VBox trailBox;
    @FXML private ListView<AuditEntry> trailList;
    @FXML private Label emptyLabel;
    @FXML private Button approveButton;
    @FXML private Button editButton;
    @FXML private Button rejectButton;
    @FXML private Button skipButton;
    @FXML private Button trailButton;
    @FXML private Label approveHintLabel;
    @FXML private javafx.scene.layout.StackPane centerPane;
    @FXML private Label messageLabel;

    public ReviewController(ReviewViewModel vm) {
        this.vm = vm;
    }

    /** Called by the main screen: what happens after a decision, and on skip. */
    public void setActions(Consumer<QueuedDraft> onDone, Runnable onSkip) {
        this.onDone = onDone;
        this.onSkip = onSkip;
    }

    @FXML
    private void initialize() {
        bodyArea.setWrapText(true);
        bodyArea.setEditable(false);
        bodyArea.getStyleClass().add("message-area");
        bodyArea.setId("bodyArea");
        VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(bodyArea);
        bodyHolder.getChildren().add(scroll);

        titleLabel.textProperty().bind(vm.title());
        metaLabel.textProperty().bind(vm.meta());
        researchLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.research().get().isBlank()
                ? "No research summary from the drafting agent." : vm.research().get(), vm.research()));
        angleLabel.textProperty().bind(Bindings.createStringBinding(
                () -> vm.angle().get().isEmpty() ? "" : "Angle: " + vm.angle().get(), vm.angle()));
        subjectRow.visibleProperty().bind(vm.hasSubject());
        subjectRow.managedProperty().bind(vm.hasSubject());
        subjectField.editableProperty().bind(vm.editing());
        claimsLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.claims().isEmpty()
                ? "Claims: none declared by the agent"
                : "Claims: " + String.join("   ·   ", vm.claims()), vm.claims()));
        vm.decision().addListener((o, a, b) -> Badges.decorate(decisionBadge, b));
        findingsTitle.textProperty().bind(Bindings.size(vm.findings()).asString("Findings (%d)"));
        editHint.textProperty().bind(Bindings.when(vm.editing())
                .then("editing — the policy re-checks as you type; Esc leaves edit and saves")
                .otherwise("press e to edit"));

        findingsList.setItems(vm.findings());
        findingsList.setCellFactory(lv -> {
            FindingCell cell = new FindingCell();
            cell.setPrefWidth(0); // fit the list's width: long messages ellipsize instead of scrolling sideways
            return cell;
        });
        findingsList.setPlaceholder(new Label("No findings: the draft passes every rule in force."));
        findingsList.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() != vm.selectedFinding().get()) {
                vm.selectedFinding().set(b.intValue());
            }
        });
        vm.selectedFinding().addListener((o, a, b) -> showFinding(b.intValue()));
        vm.findings().addListener((ListChangeListener<Finding>) c -> {
            highlight();
            findingsList.refresh();
        });
        vm.fixes().addListener((ListChangeListener<NumberedFix>) c -> findingsList.refresh());

        trailList.setItems(vm.trail());
        trailList.setCellFactory(lv -> new ListCell<>() {
            {
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(AuditEntry e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setText(null);
                    return;
                }
                AuditRow row = AuditRow.of(e);
                setText("#" + row.seq() + "  " + row.time() + "  " + row.actor() + "  " + row.type() + "  " + row.summary());
                setTooltip(new Tooltip(row.summary()));
            }
        });
        trailBox.visibleProperty().bind(vm.trailVisible());
        trailBox.managedProperty().bind(vm.trailVisible());

        vm.body().addListener((o, a, b) -> {
            if (!b.equals(bodyArea.getText())) {
                updatingFromModel = true;
                try {
                    bodyArea.replaceText(b);
                    bodyArea.moveTo(0);
                    bodyArea.requestFollowCaret();
                } finally {
                    updatingFromModel = false;
                }
                highlight();
            }
        });
        vm.subject().addListener((o, a, b) -> {
            if (!b.equals(subjectField.getText())) {
                updatingFromModel = true;
                subjectField.setText(b);
                updatingFromModel = false;
            }
        });
        bodyArea.textProperty().addListener((o, a, b) -> textChanged());
        subjectField.textProperty().addListener((o, a, b) -> textChanged());
        vm.editing().addListener((o, a, b) -> {
            bodyArea.setEditable(b);
            bodyArea.getStyleClass().remove("editing");
            if (b) {
                bodyArea.getStyleClass().add("editing");
                bodyArea.requestFocus();
                bodyArea.moveTo(bodyArea.getLength());
            }
        });
        bodyArea.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && vm.editing().get()) {
                vm.leaveEdit(onDone);
                content.requestFocus();
                e.consume();
            }
        });
        subjectField.setOnKeyPressed(bodyArea.getOnKeyPressed());

        popupLabel.getStyleClass().add("finding-popup");
        popupLabel.setWrapText(true);
        popupLabel.setMaxWidth(420);
        findingPopup.getContent().add(popupLabel);
        findingPopup.setAutoHide(true);
        bodyArea.setMouseOverTextDelay(Duration.ofMillis(250));
        bodyArea.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> {
            List<Finding> here = vm.findingsAt(e.getCharacterIndex());
            if (!here.isEmpty()) {
                popupLabel.setText(here.stream().map(ReviewController::explain).collect(Collectors.joining("\n\n")));
                findingPopup.show(bodyArea, e.getScreenPosition().getX() + 8, e.getScreenPosition().getY() + 12);
            }
        });
        bodyArea.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> findingPopup.hide());

        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(centerPane.widthProperty());
        clip.heightProperty().bind(centerPane.heightProperty());
        centerPane.setClip(clip);
        approveButton.disableProperty().bind(vm.approvable().not());
        editButton.disableProperty().bind(vm.decidable().not().or(vm.editing()));
        rejectButton.disableProperty().bind(vm.decidable().not());
        skipButton.disableProperty().bind(vm.draft().isNull());
        approveButton.setTooltip(new Tooltip(KeyBinding.APPROVE.tooltip()));
        editButton.setTooltip(new Tooltip(KeyBinding.EDIT.tooltip()));
        rejectButton.setTooltip(new Tooltip(KeyBinding.REJECT.tooltip()));
        skipButton.setTooltip(new Tooltip(KeyBinding.SKIP.tooltip()));
        trailButton.setTooltip(new Tooltip(KeyBinding.TRAIL.tooltip()));
        approveHintLabel.textProperty().bind(vm.approveHint());
        approveHintLabel.visibleProperty().bind(vm.approveHint().isNotEmpty());
        approveHintLabel.managedProperty().bind(approveHintLabel.visibleProperty());
        vm.hintKind().addListener((o, a, kind) -> {
            approveHintLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("blocked"),
                    kind == ReviewViewModel.HintKind.BLOCKED);
            approveHintLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("acknowledge"),
                    kind == ReviewViewModel.HintKind.ACKNOWLEDGE);
        });
        // The findings list is as tall as its rows (up to six), so the message box keeps the rest
        // instead of leaving space empty while findings scroll.
        findingsList.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(1, Math.min(6, vm.findings().size())) * 38.0 + 6, vm.findings()));
        messageLabel.textProperty().bind(vm.message());

        content.visibleProperty().bind(vm.draft().isNotNull());
        emptyLabel.visibleProperty().bind(vm.draft().isNull());
        emptyLabel.setText("No draft selected. When the queue is empty: import drafts with "
                + "'java -jar countersign.jar import FILE', or change the filters on the left.");
        emptyLabel.setAlignment(Pos.CENTER);
    }

    private void textChanged() {
        if (!updatingFromModel && vm.editing().get()) {
            vm.textEdited(subjectField.getText(), bodyArea.getText());
        }
    }

    private void highlight() {
        int length = bodyArea.getLength();
        Finding selected = selectedFinding();
        bodyArea.setStyleSpans(0, FindingHighlighter.spans(length, vm.findings(), selected));
    }

    private Finding selectedFinding() {
        int i = vm.selectedFinding().get();
        return i >= 0 && i < vm.findings().size() ? vm.findings().get(i) : null;
    }

    private void showFinding(int index) {
        if (index < 0 || index >= vm.findings().size()) {
            findingsList.getSelectionModel().clearSelection();
            highlight();
            return;
        }
        findingsList.getSelectionModel().select(index);
        findingsList.scrollTo(index);
        Finding f = vm.findings().get(index);
        highlight();
        if (f.field() == TextField.BODY && f.end() <= bodyArea.getLength()) {
            bodyArea.moveTo(f.start());
            bodyArea.requestFollowCaret();
        }
    }

    static String explain(Finding f) {
        return Badges.severityWord(f.severity()).toUpperCase(java.util.Locale.ROOT)
                + (f.observed() ? " (observe mode: logged, does not change the decision)" : "") + " · " + f.ruleId() + "\n"
                + f.message() + (f.fixes().isEmpty() ? "" : "\nFix: " + f.fixSummary());
    }

    @FXML
    void approve() {
        vm.approve(onDone);
    }

    @FXML
    void edit() {
        vm.startEdit();
    }

    @FXML
    void reject() {
        vm.reject(onDone);
    }

    @FXML
    void skip() {
        onSkip.run();
    }

    @FXML
    void toggleTrail() {
        vm.toggleTrail();
    }

    /** True while the reviewer is typing in the message or subject. */
    public boolean isTyping() {
        return vm.editing().get();
    }

    public StyleClassedTextArea bodyArea() {
        return bodyArea;
    }

    /** Severity icon and word, rule, message, and the numbered one-key fix if there is one. */
    private final class FindingCell extends ListCell<Finding> {
        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label sev = new Label(Badges.severityWord(f.severity()) + (f.observed() ? " (observe)" : ""),
                    Badges.severityIcon(f.severity()));
            sev.getStyleClass().addAll("finding-severity", "severity-" + Badges.styleSuffix(f.severity()));
            sev.setMinWidth(Label.USE_PREF_SIZE);
            Label rule = new Label(f.ruleId() + (f.field() == TextField.SUBJECT ? " (subject)" : ""));
            rule.setMinWidth(Label.USE_PREF_SIZE);
            rule.getStyleClass().add("finding-rule");
            Label msg = new Label(f.message());
            msg.setMinWidth(0);
            HBox.setHgrow(msg, Priority.SOMETIMES);
            HBox row = new HBox(10, sev, rule, msg);
            row.setMinWidth(0);
            row.setAlignment(Pos.CENTER_LEFT);
            vm.fixes().stream().filter(nf -> nf.finding().equals(f)).forEach(nf -> {
                Label fix = new Label("[" + nf.number() + "] " + nf.fix().label());
                fix.getStyleClass().add("finding-fix");
                fix.setMinWidth(Label.USE_PREF_SIZE);
                row.getChildren().add(fix);
            });
            if (vm.fixes().stream().noneMatch(nf -> nf.finding().equals(f)) && !f.fixes().isEmpty()) {
                Label advice = new Label("— " + f.fixSummary());
                advice.getStyleClass().add("text-muted");
                advice.setMinWidth(0);
                HBox.setHgrow(advice, Priority.ALWAYS);
                row.getChildren().add(advice);
            }
            setTooltip(new Tooltip(explain(f)));
            setGraphic(row);
            setText(null);
        }
    }
}
