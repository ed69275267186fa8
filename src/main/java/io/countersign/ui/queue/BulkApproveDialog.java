package io.countersign.ui.queue;

import io.countersign.ui.common.CustomDialog;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Confirms a bulk approval, naming the count on the button ("Approve 12 messages"); present (true) to approve. */
public record BulkApproveDialog(int count, int blocked, List<String> acknowledgements, List<String> forecast)
        implements CustomDialog<Boolean> {

    @Override
    public Optional<Boolean> showAndWait(Window owner) {
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
        if (!forecast.isEmpty()) {
            text.append("What this uses of each identity's budget (later days are sending days in the identity's timezone):\n");
            forecast.stream().limit(12).forEach(f -> text.append("\u2022 ").append(f).append('\n'));
            if (forecast.size() > 12) {
                text.append("\u2022 … and ").append(forecast.size() - 12).append(" more identities\n");
            }
            text.append('\n');
        }
        text.append("Each is approved on its own: re-checked under the policy in force and recorded in your name.");
        alert.setContentText(text.toString());
        ButtonType approve = new ButtonType("Approve " + messages, ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(approve, ButtonType.CANCEL);
        return alert.showAndWait().filter(b -> b == approve).map(b -> Boolean.TRUE);
    }
}
