package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import io.countersign.ui.common.ReasonDialog;
import java.util.Optional;
import javafx.stage.Window;

/** Asks why a sending identity is paused; the reason goes into the audit log and the identity's state. */
public record PauseIdentityDialog(String identityId) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        return new ReasonDialog("Pause identity",
                "Pause " + identityId + "?\nThe reason is shown with the identity and kept in the audit log.",
                "Pause identity", "Why is it paused? (e.g. bounces spiking, account under review)", "pauseReason")
                .showAndWait(owner);
    }
}
