package io.countersign.ui.common;

import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for the passphrase of the reviewer's signing key: to make the key (twice, at least
 * {@code minLength} characters) or to unlock it for this session. {@code problem} says what went
 * wrong with the last attempt (a wrong passphrase).
 */
public record SigningKeyDialog(String reviewer, boolean creating, int minLength, String problem) implements CustomDialog<char[]> {

    @Override
    public Optional<char[]> showAndWait(Window owner) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(creating ? "Create your signing key" : "Unlock your signing key");
        dialog.setHeaderText(creating
                ? "Every approval and rejection is signed with " + reviewer + "'s own key, so nobody can forge one.\n"
                + "Choose a passphrase to protect it (at least " + minLength + " characters). It is asked once per session."
                : "Your decisions are signed with your key. Enter its passphrase to unlock it for this session.");
        ButtonType ok = new ButtonType(creating ? "Create key" : "Unlock", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        PasswordField pass = new PasswordField();
        pass.setId("signingPassphrase");
        pass.setPromptText("Passphrase");
        PasswordField again = new PasswordField();
        again.setId("signingPassphraseAgain");
        again.setPromptText("The same passphrase again");
        VBox box = new VBox(8, new Label("Passphrase for " + reviewer), pass);
        if (creating) {
            box.getChildren().addAll(new Label("Again"), again);
        }
        Label hint = new Label();
        hint.setId("signingProblem");
        hint.getStyleClass().add("danger");
        hint.setWrapText(true);
        if (problem != null) {
            hint.setText(problem);
        }
        box.getChildren().add(hint);
        box.setPadding(new Insets(8, 4, 0, 4));
        box.setPrefWidth(480);
        dialog.getDialogPane().setContent(box);
        if (creating) {
            pass.textProperty().addListener((o, a, b) -> hint.setText(b.length() < minLength ? "At least " + minLength + " characters." : ""));
            again.textProperty().addListener((o, a, b) -> hint.setText(b.equals(pass.getText()) ? "" : "The two passphrases differ."));
            dialog.getDialogPane().lookupButton(ok).disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> pass.getText().length() < minLength || !pass.getText().equals(again.getText()), pass.textProperty(),
                    again.textProperty()));
        } else {
            dialog.getDialogPane().lookupButton(ok).disableProperty().bind(pass.textProperty().map(String::isEmpty));
        }
        dialog.setResultConverter(b -> b == ok ? pass.getText().toCharArray() : null);
        Platform.runLater(pass::requestFocus);
        Optional<char[]> answer = dialog.showAndWait();
        pass.clear();
        again.clear();
        return answer;
    }
}
