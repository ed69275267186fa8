package io.countersign.ui.common;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view models run long work: off the UI thread, with results delivered back on it.
 * Tests use {@link #direct()}, which runs everything at once on the calling thread.
 */
public interface TaskExecutor {

    <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /**
     * Runs {@code work} after {@code delay} unless another call with the same key comes first:
     * only the last request in a burst (a user typing) is computed.
     */
    <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    static TaskExecutor direct() {
        return new TaskExecutor() {
            @Override
            public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception | Error e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess,
                                     Consumer<Throwable> onFailure) {
                submit(work, onSuccess, onFailure);
            }
        };
    }
}
