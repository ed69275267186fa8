package io.countersign.ui.main;

import io.countersign.ui.common.CustomDialog;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Shows what a candidate policy would change and asks whether to activate it; present (true) to activate. */
public record PolicyChangeDialog(String candidate, List<io.countersign.core.review.PolicyReplay.Change> changes) implements CustomDialog<Boolean> {

    @Override
    public Optional<Boolean> showAndWait(Window owner) {
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
        return dialog.showAndWait().filter(b -> b == activate).map(b -> Boolean.TRUE);
    }
}
