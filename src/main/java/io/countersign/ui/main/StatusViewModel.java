package io.countersign.ui.main;

import io.countersign.ui.queue.QueueViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The status bar: counts, the bulk selection, the last stored action, the policy in force, and the
 * one long task running (a bulk decision or an import) with its progress and Cancel. Toolkit-free.
 */
public final class StatusViewModel {

    private final StringBinding counts;
    private final StringBinding selection;
    private final StringProperty lastAction;
    private final StringProperty policy = new SimpleStringProperty("");
    private final StringProperty sending = new SimpleStringProperty("");
    private final StringProperty witness = new SimpleStringProperty("");
    private final BooleanProperty witnessAlert = new SimpleBooleanProperty();
    private final StringProperty taskTitle = new SimpleStringProperty("");
    private final DoubleProperty taskProgress = new SimpleDoubleProperty(-1);
    private final BooleanProperty taskRunning = new SimpleBooleanProperty();
    private Runnable cancel = () -> { };

    StatusViewModel(QueueViewModel queue, StringProperty lastAction) {
        this.lastAction = lastAction;
        counts = Bindings.createStringBinding(() -> queue.pendingCount().get() + " pending · "
                        + queue.approvedCount().get() + " approved · " + queue.rejectedCount().get() + " rejected",
                queue.pendingCount(), queue.approvedCount(), queue.rejectedCount());
        selection = Bindings.createStringBinding(() -> queue.markedCount().get() == 0 ? ""
                : queue.markedCount().get() + " selected \u00b7 Ctrl+Shift+A approve \u00b7 r reject \u00b7 Esc clear",
                queue.markedCount());
    }

    /** A long task starts: its title and progress show with a Cancel button until {@link #taskEnded}. */
    public void taskStarted(String title, Runnable onCancel) {
        taskTitle.set(title);
        taskProgress.set(-1);
        cancel = onCancel;
        taskRunning.set(true);
    }

    /** @param total below zero when unknown (the bar then runs without a figure) */
    public void taskProgressed(long done, long total, String message) {
        taskProgress.set(total > 0 ? Math.min(1, done / (double) total) : -1);
        if (message != null && !message.isEmpty()) {
            taskTitle.set(message);
        }
    }

    public void taskEnded() {
        taskRunning.set(false);
        cancel = () -> { };
    }

    public void cancelTask() {
        cancel.run();
    }

    public StringBinding counts() {
        return counts;
    }

    public StringBinding selection() {
        return selection;
    }

    public StringProperty lastAction() {
        return lastAction;
    }

    /** Where the audit log's witness stands ("witnessed up to #N at TIME", "offline, N pending", a refusal); empty when not enrolled. */
    public StringProperty witness() {
        return witness;
    }

    /** True while the collector refuses this device's log as different from what it witnessed (shown red). */
    public BooleanProperty witnessAlert() {
        return witnessAlert;
    }

    public void witnessChanged(String line, boolean alert) {
        witness.set(line);
        witnessAlert.set(alert);
    }

    /** "sending paused" while all sending is paused, else empty. */
    public StringProperty sending() {
        return sending;
    }

    public StringProperty policy() {
        return policy;
    }

    public StringProperty taskTitle() {
        return taskTitle;
    }

    public DoubleProperty taskProgress() {
        return taskProgress;
    }

    public BooleanProperty taskRunning() {
        return taskRunning;
    }
}
