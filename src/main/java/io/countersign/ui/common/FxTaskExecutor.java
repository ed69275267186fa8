package io.countersign.ui.common;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on one background thread, in submission order (so a review action can never overtake
 * the edit before it), and hands results to the JavaFX thread.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "countersign-worker");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> debounced = new ConcurrentHashMap<>();

    @Override
    public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        pending.incrementAndGet();
        worker.execute(() -> run(work, onSuccess, onFailure));
    }

    @Override
    public <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess,
                             Consumer<Throwable> onFailure) {
        pending.incrementAndGet();
        ScheduledFuture<?> next = worker.schedule(() -> run(work, onSuccess, onFailure), delay.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = debounced.put(key, next);
        if (previous != null && previous.cancel(false)) {
            pending.decrementAndGet();
        }
    }

    private <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        try {
            T result = work.call();
            Platform.runLater(() -> {
                try {
                    onSuccess.accept(result);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (Exception | Error e) {
            LOG.warn("background task failed", e);
            Platform.runLater(() -> {
                try {
                    onFailure.accept(e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        }
    }

    /** Work submitted or scheduled whose result has not yet reached the FX thread (for tests). */
    public boolean isIdle() {
        return pending.get() == 0;
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
