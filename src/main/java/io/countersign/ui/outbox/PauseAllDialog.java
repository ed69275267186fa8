package io.countersign.ui.outbox;

import io.countersign.ui.common.CustomDialog;
import io.countersign.ui.common.ReasonDialog;
import java.util.Optional;
import javafx.stage.Window;

/** Asks why all sending is paused (Ctrl+Shift+P); the reason goes into the audit log and the status bar. */
public record PauseAllDialog() implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        return new ReasonDialog("Pause all sending",
                "Pause sending for every identity in this workspace?\nNothing leaves until sending is resumed; "
                        + "scheduled messages keep their place.", "Pause all sending",
                "Why? (e.g. incident, policy review, wrong campaign)", "pauseAllReason").showAndWait(owner);
    }
}
