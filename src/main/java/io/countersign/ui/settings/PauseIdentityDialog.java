package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks why a sending identity is paused; the reason goes into the audit log and the identity's state. */
public record PauseIdentityDialog(String identityId) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Pause identity");
        dialog.setHeaderText("Pause " + identityId + "?\nThe reason is shown with the identity and kept in the audit log.");
        ButtonType pause = new ButtonType("Pause identity", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(pause, ButtonType.CANCEL);
        TextField reason = new TextField();
        reason.setId("pauseReason");
        reason.setPromptText("Why is it paused? (e.g. bounces spiking, account under review)");
        VBox box = new VBox(8, new Label("Reason (required)"), reason);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(460);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(pause).disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(b -> b == pause ? reason.getText() : null);
        javafx.application.Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().map(String::strip).filter(r -> !r.isEmpty());
    }
}
