package io.countersign.ui.common;

import io.countersign.core.policy.Finding;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** JavaFX dialogs, owned by the main window; every button names its action. */
public final class FxDialogService implements DialogService {

    private Window owner;

    public void setOwner(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> askRejectReason(String draftLabel, int count, List<String> recentReasons) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        String what = count == 1 ? "draft" : count + " drafts";
        dialog.setTitle("Reject " + what);
        dialog.setHeaderText("Reject " + draftLabel + "?\nThe reason goes into the audit log"
                + (count == 1 ? "." : " with each of them."));
        ButtonType reject = new ButtonType("Reject " + what, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(reject, ButtonType.CANCEL);
        TextField reason = new TextField();
        reason.setId("rejectReason");
        reason.setPromptText("Why is this draft rejected?");
        VBox box = new VBox(8, new Label("Reason (required)"), reason);
        if (!recentReasons.isEmpty()) {
            box.getChildren().add(new Label("Recent reasons — Alt+1…9 to reuse:"));
            for (int i = 0; i < recentReasons.size(); i++) {
                Label l = new Label("Alt+" + (i + 1) + "  " + recentReasons.get(i));
                l.getStyleClass().add("text-muted");
                box.getChildren().add(l);
            }
            reason.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.isAltDown() && e.getCode().isDigitKey()) {
                    int n = e.getCode().getCode() - KeyCode.DIGIT1.getCode();
                    if (n >= 0 && n < recentReasons.size()) {
                        reason.setText(recentReasons.get(n));
                        reason.end();
                        e.consume();
                    }
                }
            });
        }
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(460);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(reject).disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(bt -> bt == reject ? reason.getText().strip() : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().filter(s -> !s.isBlank());
    }

    @Override
    public boolean confirmAcknowledge(String draftLabel, List<Finding> findings) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        alert.initOwner(owner);
        alert.setTitle("Approve with findings");
        alert.setHeaderText("Approving " + draftLabel + " needs your acknowledgement of "
                + findings.size() + (findings.size() == 1 ? " finding" : " findings") + ":");
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append("• ").append(f.ruleId()).append(": ").append(f.message()).append('\n');
        }
        text.append("\nYour name and these findings are recorded with the approval.");
        alert.setContentText(text.toString());
        ButtonType approve = new ButtonType("Acknowledge and approve", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(approve, ButtonType.CANCEL);
        return alert.showAndWait().filter(b -> b == approve).isPresent();
    }

    @Override
    public void showError(String title, String message) {
        alert(Alert.AlertType.ERROR, title, message);
    }

    @Override
    public boolean confirmPolicyChange(String candidate, List<io.countersign.core.review.PolicyReplay.Change> changes) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Try policy");
        dialog.setHeaderText(changes.isEmpty() ? "No pending draft would change under " + candidate + "."
                : changes.size() + (changes.size() == 1 ? " pending draft would" : " pending drafts would")
                + " change under " + candidate + ":");
        javafx.scene.control.ListView<String> list = new javafx.scene.control.ListView<>();
        for (var c : changes) {
            list.getItems().add(c.draft().draft().lead().displayName() + " (" + c.draft().id() + "): "
                    + c.before().decision().wireName() + " → " + c.after().decision().wireName() + "   " + c.ruleDelta());
        }
        list.setPrefSize(640, Math.min(360, 40 + 28 * Math.max(1, changes.size())));
        dialog.getDialogPane().setContent(list);
        ButtonType activate = new ButtonType("Activate this policy", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(activate, new ButtonType("Keep the current policy",
                ButtonBar.ButtonData.CANCEL_CLOSE));
        return dialog.showAndWait().filter(b -> b == activate).isPresent();
    }

    @Override
    public void showShortcuts() {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Keyboard shortcuts");
        dialog.setHeaderText("Keyboard shortcuts (single letters never fire while you type)");
        // Two columns of key + description, so the sheet fits a 768-pixel-high laptop screen.
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(6);
        KeyBinding[] all = KeyBinding.values();
        int rows = (all.length + 1) / 2;
        for (int i = 0; i < all.length; i++) {
            KeyBinding k = all[i];
            Label key = new Label(k.keys());
            key.getStyleClass().add("shortcut-key");
            key.setMinWidth(Label.USE_PREF_SIZE);
            Label description = new Label(k.description());
            description.setWrapText(true);
            description.setMinWidth(330);
            description.setPrefWidth(330);
            description.setMaxWidth(330);
            int column = i < rows ? 0 : 2;
            grid.add(key, column, i % rows);
            grid.add(description, column + 1, i % rows);
        }
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setPrefWidth(1000);
        dialog.getDialogPane().getButtonTypes().add(new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.showAndWait();
    }

    @Override
    public boolean confirmBulkApprove(int count, int blocked, List<String> acknowledgements) {
        Alert alert = new Alert(acknowledgements.isEmpty() ? Alert.AlertType.CONFIRMATION : Alert.AlertType.WARNING);
        alert.initOwner(owner);
        alert.setTitle("Approve selection");
        String messages = count == 1 ? "1 message" : count + " messages";
        alert.setHeaderText("Approve " + messages + "?");
        StringBuilder text = new StringBuilder();
        if (blocked > 0) {
            text.append(blocked).append(blocked == 1 ? " selected draft has" : " selected drafts have")
                    .append(" blocking findings and will be skipped.\n\n");
        }
        if (!acknowledgements.isEmpty()) {
            text.append("You acknowledge these findings for every draft that has them:\n");
            acknowledgements.forEach(a -> text.append("\u2022 ").append(a).append('\n'));
            text.append('\n');
        }
        text.append("Each is approved on its own: re-checked under the policy in force and recorded in your name.");
        alert.setContentText(text.toString());
        ButtonType approve = new ButtonType("Approve " + messages, ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(approve, ButtonType.CANCEL);
        return alert.showAndWait().filter(b -> b == approve).isPresent();
    }

    @Override
    public Optional<SuppressionRequest> askSuppression() {
        Dialog<SuppressionRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Do-not-contact list");
        dialog.setHeaderText("Add to the do-not-contact list?\nIt applies to every channel and every sending identity,"
                + " and is audited in your name; an entry added by mistake can only be withdrawn with a reason.");
        ButtonType add = new ButtonType("Add to list", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        javafx.scene.control.ChoiceBox<io.countersign.core.contact.Suppression.Kind> kind = new javafx.scene.control.ChoiceBox<>();
        kind.getItems().setAll(io.countersign.core.contact.Suppression.Kind.values());
        kind.setValue(io.countersign.core.contact.Suppression.Kind.EMAIL);
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(io.countersign.core.contact.Suppression.Kind k) {
                return k == null ? "" : switch (k) {
                    case EMAIL -> "Email address";
                    case DOMAIN -> "Email domain (everyone there)";
                    case COMPANY -> "Company (everyone there)";
                    case LINKEDIN -> "LinkedIn profile URL";
                    case LEAD -> "Lead id";
                };
            }

            @Override
            public io.countersign.core.contact.Suppression.Kind fromString(String s) {
                return null;
            }
        });
        TextField value = new TextField();
        value.setId("suppressionValue");
        value.promptTextProperty().bind(kind.valueProperty().map(k -> switch (k) {
            case EMAIL -> "dana@northwind.example";
            case DOMAIN -> "northwind.example";
            case COMPANY -> "Northwind Pay";
            case LINKEDIN -> "https://www.linkedin.com/in/dana";
            case LEAD -> "the lead id from the drafts (e.g. L-1042)";
        }));
        TextField reason = new TextField();
        reason.setId("suppressionReason");
        reason.setPromptText("e.g. replied STOP, asked not to be contacted");
        javafx.scene.control.ComboBox<String> source = new javafx.scene.control.ComboBox<>();
        source.setEditable(true);
        source.getItems().setAll("manual", "email-reply", "linkedin-message", "phone-call", "unsubscribe-link");
        source.setValue("manual");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Kind"), kind);
        grid.addRow(1, new Label("Value"), value);
        grid.addRow(2, new Label("Reason (required)"), reason);
        grid.addRow(3, new Label("Where it came from"), source);
        javafx.scene.layout.GridPane.setHgrow(value, javafx.scene.layout.Priority.ALWAYS);
        value.setPrefWidth(320);
        grid.setPadding(new Insets(8, 12, 0, 12));
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(add).disableProperty().bind(
                value.textProperty().map(String::isBlank).flatMap(blank -> reason.textProperty().map(r -> blank || r.isBlank())));
        dialog.setResultConverter(bt -> bt == add ? new SuppressionRequest(kind.getValue(), value.getText().strip(),
                reason.getText().strip(), source.getEditor().getText().isBlank() ? "manual" : source.getEditor().getText().strip()) : null);
        Platform.runLater(value::requestFocus);
        return dialog.showAndWait();
    }

    @Override
    public Optional<String> askWithdrawReason(String entryLabel, String addedBy, String addedReason) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Withdraw do-not-contact entry");
        dialog.setHeaderText("Withdraw " + entryLabel + "?\nAdded by " + addedBy + ": \u201c" + addedReason + "\u201d."
                + "\nThe entry's history stays in the audit log; adding it again restores it.");
        ButtonType withdraw = new ButtonType("Withdraw entry", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(withdraw, ButtonType.CANCEL);
        TextField reason = new TextField();
        reason.setPromptText("Why was it added by mistake?");
        VBox box = new VBox(8, new Label("Reason (required)"), reason);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(460);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(withdraw).disableProperty().bind(reason.textProperty().isEmpty());
        dialog.setResultConverter(b -> b == withdraw ? reason.getText() : null);
        javafx.application.Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().map(String::strip).filter(r -> !r.isEmpty());
    }

    @Override
    public Optional<java.nio.file.Path> chooseFile(FileChoice choice) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(choice.title());
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(choice.kind(), choice.patterns()));
        java.io.File f = chooser.showOpenDialog(owner);
        return Optional.ofNullable(f).map(java.io.File::toPath);
    }

    @Override
    public void showInfo(String title, String message) {
        alert(Alert.AlertType.INFORMATION, title, message);
    }

    private void alert(Alert.AlertType type, String title, String message) {
        Alert alert = new Alert(type);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.setContentText(message);
        alert.showAndWait();
    }
}
