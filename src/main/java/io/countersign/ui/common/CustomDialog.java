package io.countersign.ui.common;

import java.util.Optional;
import javafx.stage.Window;

/**
 * A dialog a feature asks through {@link DialogService#show}: the feature's own question (reject
 * reason, acknowledgement, policy change …), declared in the feature's package with the data it
 * shows. View models create it and get the answer; only the toolkit side ever builds the window,
 * so view models stay testable with scripted answers.
 *
 * @param <R> the answer; empty when the reviewer cancels
 */
public interface CustomDialog<R> {

    /** Builds the dialog owned by {@code owner}, shows it and waits for the answer (on the FX thread). */
    Optional<R> showAndWait(Window owner);
}
