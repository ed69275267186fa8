package io.countersign.ui.common;

import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks why a draft (or {@code count} selected drafts) is rejected; the title and button say how many. */
public record RejectReasonDialog(String draftLabel, int count, List<String> recentReasons) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
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
}
