package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import io.countersign.ui.common.ReasonDialog;
import java.util.Optional;
import javafx.stage.Window;

/** Asks why an identity is removed; the reason goes into the audit log. */
public record RemoveIdentityDialog(String identityId) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        return new ReasonDialog("Remove identity", "Remove " + identityId + " and forget its secret?\nPending drafts naming it "
                + "are blocked; its scheduled messages wait until it is added again or they are cancelled.",
                "Remove identity", "Why? (e.g. the rep left, the mailbox was closed)", "removeReason").showAndWait(owner);
    }
}
