package io.countersign.ui.review;

import io.countersign.ui.common.CustomDialog;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Asks the approver to acknowledge require-approval findings by name; present (true) when acknowledged. */
public record AcknowledgeDialog(String draftLabel, List<io.countersign.core.policy.Finding> findings) implements CustomDialog<Boolean> {

    @Override
    public Optional<Boolean> showAndWait(Window owner) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        alert.initOwner(owner);
        alert.setTitle("Approve with findings");
        alert.setHeaderText("Approving " + draftLabel + " needs your acknowledgement of "
                + findings.size() + (findings.size() == 1 ? " finding" : " findings") + ":");
        StringBuilder text = new StringBuilder();
        for (io.countersign.core.policy.Finding f : findings) {
            text.append("• ").append(f.ruleId()).append(": ").append(f.message()).append('\n');
        }
        text.append("\nYour name and these findings are recorded with the approval.");
        alert.setContentText(text.toString());
        ButtonType approve = new ButtonType("Acknowledge and approve", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(approve, ButtonType.CANCEL);
        return alert.showAndWait().filter(b -> b == approve).map(b -> Boolean.TRUE);
    }
}
