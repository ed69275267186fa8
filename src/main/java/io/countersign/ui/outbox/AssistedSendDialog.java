package io.countersign.ui.outbox;

import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Assisted send of a LinkedIn message: the approved text with Copy (c), the lead's profile opened in
 * the browser (o), then the person says what happened: Sent (s) or Not sent (n). The answer is the
 * send event; closing without one leaves the message waiting for a confirmation in the Outbox.
 */
public record AssistedSendDialog(String identity, String recipientName, String profileUrl, String text, Runnable openProfile)
        implements CustomDialog<Boolean> {

    @Override
    public Optional<Boolean> showAndWait(Window owner) {
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Send by hand on LinkedIn");
        dialog.setHeaderText("Send this approved message to " + recipientName + " from " + identity
                + ".\nCopy it (c), open the profile (o), send it on LinkedIn, then say whether it went out.");
        ButtonType sent = new ButtonType("Sent (s)", ButtonBar.ButtonData.OK_DONE);
        ButtonType notSent = new ButtonType("Not sent (n)", ButtonBar.ButtonData.NO);
        ButtonType later = new ButtonType("Decide later", ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(sent, notSent, later);
        TextArea message = new TextArea(text);
        message.setEditable(false);
        message.setWrapText(true);
        message.setPrefRowCount(10);
        message.setId("assistedText");
        Label copied = new Label("");
        copied.getStyleClass().add("text-muted");
        Button copy = new Button("Copy text (c)");
        copy.setId("assistedCopy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
            copied.setText("Copied " + text.length() + " characters");
        });
        Button open = new Button("Open profile (o)");
        open.setOnAction(e -> openProfile.run());
        Label url = new Label(profileUrl);
        url.getStyleClass().add("text-muted");
        VBox box = new VBox(10, message, new HBox(8, copy, open, copied), url);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(620);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            if (e.getCode() == KeyCode.C) {
                copy.fire();
                e.consume();
            } else if (e.getCode() == KeyCode.O) {
                open.fire();
                e.consume();
            } else if (e.getCode() == KeyCode.S) {
                dialog.setResult(Boolean.TRUE);
                e.consume();
            } else if (e.getCode() == KeyCode.N) {
                dialog.setResult(Boolean.FALSE);
                e.consume();
            }
        });
        dialog.setResultConverter(b -> b == sent ? Boolean.TRUE : b == notSent ? Boolean.FALSE : null);
        return dialog.showAndWait();
    }
}
