package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import io.countersign.ui.common.ReasonDialog;
import java.util.Optional;
import javafx.stage.Window;

/** Asks why a do-not-contact entry is withdrawn; says its history is kept and that adding it again restores it. */
public record WithdrawDialog(String entryLabel, String addedBy, String addedReason) implements CustomDialog<String> {

    @Override
    public Optional<String> showAndWait(Window owner) {
        return new ReasonDialog("Withdraw do-not-contact entry",
                "Withdraw " + entryLabel + "?\nAdded by " + addedBy + ": \u201c" + addedReason + "\u201d."
                        + "\nThe entry's history stays in the audit log; adding it again restores it.",
                "Withdraw entry", "Why was it added by mistake?", "withdrawReason").showAndWait(owner);
    }
}
