package io.countersign.ui.common;

import io.countersign.core.work.Progress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A piece of long work as the console shows it: a title, progress, a way to cancel, and what to do
 * with the result on the UI thread. Toolkit-free: the executor decides which thread runs what.
 *
 * @param <T> the result handed to {@code onSuccess}
 */
public final class BackgroundTask<T> {

    /** The work itself; it reports through, and checks cancellation on, the given progress. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** Where progress is shown (on the UI thread): done/total, total &lt; 0 if unknown. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long done, long total, String message);
    }

    private final String title;
    private final Work<T> work;
    private Consumer<T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private ProgressListener onProgress = (d, t, m) -> { };
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<T> onSuccess(Consumer<T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onProgress(ProgressListener listener) {
        this.onProgress = Objects.requireNonNull(listener);
        return this;
    }

    public String title() {
        return title;
    }

    /** Asks the work to stop at its next check; a task never started is not run at all. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    Work<T> work() {
        return work;
    }

    Consumer<T> successHandler() {
        return onSuccess;
    }

    Consumer<Throwable> failureHandler() {
        return onFailure;
    }

    ProgressListener progressListener() {
        return onProgress;
    }
}
