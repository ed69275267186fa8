package io.countersign.core.sync;

import io.countersign.core.events.Change;
import io.countersign.core.events.ChangeFeed;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The console's background push: on its own thread, a few seconds after the log grows (changes are
 * gathered, not pushed one by one) and at least every {@link #IDLE}; after a failure it waits
 * {@link #backoff exponentially longer with jitter} (5 s doubling to 15 min), so a device offline
 * for days neither blocks the reviewer nor floods the network. A restart resumes from what the
 * collector holds. Each attempt reports the status the status bar shows.
 */
public final class SyncLoop implements AutoCloseable {

    public static final Duration SOON = Duration.ofSeconds(3);
    public static final Duration IDLE = Duration.ofMinutes(1);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(15);

    /**
     * How long the loop waits: after the log grew ({@code soon}), while idle, and after failures
     * ({@code firstRetry} doubling up to {@code maxRetry}, with jitter).
     */
    public record Timing(Duration soon, Duration idle, Duration firstRetry, Duration maxRetry) {
        public static final Timing CONSOLE = new Timing(SOON, IDLE, FIRST_RETRY, MAX_RETRY);

        public Timing {
            for (Duration d : new Duration[]{soon, idle, firstRetry, maxRetry}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("every wait must be positive: " + d);
                }
            }
            if (maxRetry.compareTo(firstRetry) < 0) {
                throw new IllegalArgumentException("maxRetry " + maxRetry + " is shorter than firstRetry " + firstRetry);
            }
        }
    }

    private final SyncService sync;
    private final Timing timing;
    private final Consumer<SyncService.Status> onStatus;
    private final AutoCloseable subscription;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "countersign-sync");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> next;
    private volatile int failures; // written by the loop's thread, read by whoever publishes changes
    private volatile boolean closed;

    {
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public SyncLoop(SyncService sync, ChangeFeed changes, Consumer<SyncService.Status> onStatus) {
        this(sync, changes, onStatus, Timing.CONSOLE);
    }

    public SyncLoop(SyncService sync, ChangeFeed changes, Consumer<SyncService.Status> onStatus, Timing timing) {
        this.timing = Objects.requireNonNull(timing);
        this.sync = Objects.requireNonNull(sync);
        this.onStatus = Objects.requireNonNull(onStatus);
        this.subscription = changes.subscribe(this::changed);
        wake(Duration.ZERO);
    }

    /** Only new audit entries are worth a push (the push's own writes — its attempt, the cosignatures — are not). */
    private void changed(List<Change> changes) {
        if (failures == 0 && changes.stream().anyMatch(c -> c instanceof Change.AuditAppended)) {
            wake(timing.soon());
        }
    }

    /** Pushes after {@code delay}, unless a push is already planned sooner. */
    public synchronized void wake(Duration delay) {
        if (closed) {
            return;
        }
        if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = thread.schedule(this::runOnce, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** The wait after {@code failures} failed attempts in a row: 5 s × 2^(n−1), at most 15 min, times a random 0.5–1.5. */
    static Duration backoff(int failures, double random) {
        return backoff(Timing.CONSOLE, failures, random);
    }

    static Duration backoff(Timing timing, int failures, double random) {
        long base = timing.firstRetry().toMillis() << Math.min(20, Math.max(0, failures - 1));
        long capped = Math.min(base, timing.maxRetry().toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + random)));
    }

    private void runOnce() {
        synchronized (this) {
            next = null;
        }
        if (closed) {
            return;
        }
        Duration after = timing.idle();
        try {
            if (sync.enrolled()) {
                SyncService.Pushed p = sync.push();
                failures = 0;
                after = p.complete() ? timing.idle() : timing.soon();
            }
        } catch (IOException | RuntimeException e) {
            failures++;
            after = backoff(timing, failures, ThreadLocalRandom.current().nextDouble());
            if (e instanceof CollectorRefusal r && r.conflict()) {
                after = timing.maxRetry(); // the device will not change its log: ask again now and then, not in a loop
            }
        } finally {
            try {
                onStatus.accept(sync.status());
            } catch (RuntimeException ignored) {
                // the workspace is closing
            }
            wake(after);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception ignored) {
            // the feed is gone
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
