package io.countersign.ui.audit;

import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks an administrator why writing may go on although the audit log did not verify; the answer is audited. */
public record AcknowledgeFindingDialog(String finding) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Acknowledge audit finding");
        dialog.setHeaderText("The audit log does not verify.\nAcknowledging records what was found, your name and "
                + "your reason in the log; writing then goes on.");
        ButtonType acknowledge = new ButtonType("Acknowledge and record", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(acknowledge, ButtonType.CANCEL);
        Label found = new Label(finding);
        found.setWrapText(true);
        found.getStyleClass().add("audit-finding-text");
        TextArea reason = new TextArea();
        reason.setId("acknowledgeReason");
        reason.setPromptText("What did you check, and why may writing go on?");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        VBox box = new VBox(8, new Label("Found"), found, new Label("Reason (required)"), reason);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(520);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(acknowledge).disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(bt -> bt == acknowledge ? reason.getText().strip() : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().filter(s -> !s.isBlank());
    }
}
