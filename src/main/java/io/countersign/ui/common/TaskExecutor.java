package io.countersign.ui.common;

import io.countersign.core.work.Progress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view models run long work: off the UI thread, one task at a time in submission order
 * (so a decision can never overtake the edit before it, and every write is ordered), with results,
 * failures and progress delivered back on the UI thread. Tests use {@link #direct()}, which runs
 * everything at once on the calling thread.
 */
public interface TaskExecutor {

    /** Runs a titled task with progress and cancel. */
    <T> void execute(BackgroundTask<T> task);

    default <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        execute(BackgroundTask.<T>of("", p -> work.call()).onSuccess(onSuccess).onFailure(onFailure));
    }

    /**
     * Runs {@code work} after {@code delay} unless another call with the same key comes first:
     * only the last request in a burst (a user typing) is computed.
     */
    <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs on the UI thread (soon, in order): how a background listener hands a change to the screens. */
    void onUiThread(Runnable action);

    static TaskExecutor direct() {
        return new TaskExecutor() {
            @Override
            public void onUiThread(Runnable action) {
                action.run();
            }

            @Override
            public <T> void execute(BackgroundTask<T> task) {
                if (task.isCancelled()) {
                    return;
                }
                T result;
                try {
                    result = task.work().run(new Progress() {
                        @Override
                        public void update(long done, long total, String message) {
                            task.progressListener().progress(done, total, message);
                        }

                        @Override
                        public boolean isCancelled() {
                            return task.isCancelled();
                        }
                    });
                } catch (Exception | Error e) {
                    task.failureHandler().accept(e);
                    return;
                }
                task.successHandler().accept(result);
            }

            @Override
            public <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess,
                                     Consumer<Throwable> onFailure) {
                submit(work, onSuccess, onFailure);
            }
        };
    }
}
