package io.countersign.ui.common;

import java.util.Optional;

/**
 * Every question the console asks the reviewer goes through here, so view models stay testable:
 * errors and notes, file choices ({@link FileChoice}), the cheat sheet, and each feature's own
 * dialogs ({@link CustomDialog}, declared in the feature's package).
 */
public interface DialogService {

    /** Shows a feature's dialog and waits for the answer; empty when the reviewer cancels. */
    <R> Optional<R> show(CustomDialog<R> dialog);

    void showError(String title, String message);

    void showShortcuts();

    /** Asks for a file to open, as the feature's {@link FileChoice} describes; empty when cancelled. */
    Optional<java.nio.file.Path> chooseFile(FileChoice choice);

    /** Tells the reviewer the outcome of something they started (an import with rejected rows…). */
    void showInfo(String title, String message);

    /** Opens a link (a lead's LinkedIn profile) in the reviewer's browser. */
    void openLink(String url);
}
