package io.countersign.ui.common;

import io.countersign.core.work.Progress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on one background thread, in submission order (so a review action can never overtake
 * the edit before it, and the policy watcher's reloads are ordered with everything else), and hands
 * results and progress to the UI thread.
 *
 * <p>{@link #isIdle()} counts work whose result has not reached the UI thread yet. Each piece of
 * work settles that count exactly once: a debounced request is settled either by the run that
 * delivers its result or by the newer request that replaces it before it starts, never both.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);
    /** Progress updates closer together than this are dropped (the last one of a run always goes through). */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AtomicInteger pending = new AtomicInteger();
    private final Executor uiThread;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "countersign-worker");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Debounced> debounced = new ConcurrentHashMap<>();

    /** Delivers results on the JavaFX application thread. */
    public FxTaskExecutor() {
        this(javafx.application.Platform::runLater);
    }

    /** @param uiThread where results, failures and progress are delivered */
    public FxTaskExecutor(Executor uiThread) {
        this.uiThread = uiThread;
    }

    @Override
    public void onUiThread(Runnable action) {
        uiThread.execute(action);
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        pending.incrementAndGet();
        worker.execute(() -> run(task));
    }

    @Override
    public <T> void debounce(String key, Duration delay, Callable<T> work, Consumer<T> onSuccess,
                             Consumer<Throwable> onFailure) {
        BackgroundTask<T> task = BackgroundTask.<T>of(key, p -> work.call()).onSuccess(onSuccess).onFailure(onFailure);
        Debounced next = new Debounced();
        pending.incrementAndGet();
        next.future = worker.schedule(() -> {
            if (next.claim()) {
                debounced.remove(key, next);
                run(task);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        Debounced previous = debounced.put(key, next);
        if (previous != null && previous.claim()) {
            // Replaced before it started: it will never run, so it is settled here.
            previous.future.cancel(false);
            pending.decrementAndGet();
        }
    }

    /** One debounced request; whoever claims it first (its own run, or its replacement) settles it. */
    private static final class Debounced {
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private <T> void run(BackgroundTask<T> task) {
        if (task.isCancelled()) {
            pending.decrementAndGet();
            return;
        }
        try {
            T result = task.work().run(progressOf(task));
            deliver(() -> task.successHandler().accept(result));
        } catch (Exception | Error e) {
            LOG.warn("background task failed: {}", task.title(), e);
            deliver(() -> task.failureHandler().accept(e));
        }
    }

    private void deliver(Runnable onUiThread) {
        uiThread.execute(() -> {
            try {
                onUiThread.run();
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private <T> Progress progressOf(BackgroundTask<T> task) {
        return new Progress() {
            private long lastSent;

            @Override
            public void update(long done, long total, String message) {
                long now = System.nanoTime();
                if (done != total && now - lastSent < PROGRESS_INTERVAL_NANOS) {
                    return;
                }
                lastSent = now;
                uiThread.execute(() -> task.progressListener().progress(done, total, message));
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }
        };
    }

    /** True when no submitted or scheduled work still has a result on its way to the UI thread. */
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
