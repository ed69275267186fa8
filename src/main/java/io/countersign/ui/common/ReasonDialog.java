package io.countersign.ui.common;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for the one required reason an audited action needs (withdraw an entry, pause an identity):
 * the confirm button stays disabled until there is one, and the answer comes back stripped.
 * Feature dialogs keep their own type (so tests answer them by type) and show this.
 */
public record ReasonDialog(String title, String header, String confirm, String prompt, String fieldId) {

    public Optional<String> showAndWait(Window owner) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        ButtonType ok = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        TextField reason = new TextField();
        reason.setId(fieldId);
        reason.setPromptText(prompt);
        VBox box = new VBox(8, new Label("Reason (required)"), reason);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(460);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(ok).disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(b -> b == ok ? reason.getText() : null);
        javafx.application.Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().map(String::strip).filter(r -> !r.isEmpty());
    }
}
