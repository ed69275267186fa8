package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import io.countersign.ui.common.ReasonDialog;
import java.util.Optional;
import javafx.stage.Window;

/** Asks where to send an identity's test message (the person's own address). */
public record TestMessageDialog(String identityId) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        return new ReasonDialog("Send test message", "Send a test message from " + identityId + " to yourself?\n"
                + "It goes through the identity's real transport (not counted against its limits) and the result is "
                + "recorded in the audit log.", "Send test message", "your own address, e.g. you@acme.example",
                "testAddress").showAndWait(owner);
    }
}
