package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks why a do-not-contact entry is withdrawn; says its history is kept and that adding it again restores it. */
public record WithdrawDialog(String entryLabel, String addedBy, String addedReason) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
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
}
