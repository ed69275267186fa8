package io.countersign.core.outbox;

import io.countersign.core.events.Change;
import io.countersign.core.events.ChangeFeed;
import io.countersign.core.work.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The console's background sender: one thread of its own (never the UI thread, never the screens'
 * worker) that runs the outbox when something is due, when an approval lands, and at least once a
 * minute. The window stays responsive whatever a server does; a run in progress is finished
 * (its one message in flight is recorded) when the loop stops.
 */
public final class SendingLoop implements AutoCloseable {

    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final Duration SOONEST = Duration.ofMillis(250);

    private final Sender sender;
    private final OutboxService outbox;
    private final Clock clock;
    private final Consumer<Sender.Run> onRun;
    private final Consumer<Exception> onError;
    private final java.util.concurrent.ScheduledThreadPoolExecutor thread = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "countersign-sender");
        t.setDaemon(true);
        return t;
    });

    {
        // Closing ends at once: planned runs are dropped, only a run under way is finished.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }
    private final AutoCloseable subscription;
    private volatile boolean closed;
    private ScheduledFuture<?> next;

    /** How often {@code periodic} runs (the console reads bounces and replies that often). */
    public static final Duration PERIOD = Duration.ofMinutes(5);

    /**
     * @param periodic run on the sender's thread every {@link #PERIOD} (reading the identities'
     *                 mailboxes); its failures go to {@code onError} too
     */
    public SendingLoop(Sender sender, OutboxService outbox, ChangeFeed changes, Clock clock, Consumer<Sender.Run> onRun,
                       Consumer<Exception> onError, Runnable periodic) {
        this.sender = Objects.requireNonNull(sender);
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
        this.onRun = Objects.requireNonNull(onRun);
        this.onError = Objects.requireNonNull(onError);
        this.subscription = changes.subscribe(this::changed);
        wake(SOONEST);
        thread.scheduleWithFixedDelay(() -> {
            if (!closed) {
                try {
                    periodic.run();
                } catch (RuntimeException e) {
                    onError.accept(e);
                }
            }
        }, 30, PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    private void changed(List<Change> changes) {
        for (Change c : changes) {
            if (c instanceof Change.DraftsChanged d && d.cause() == Change.DraftCause.APPROVED
                    || c instanceof Change.OutboxChanged && !Thread.currentThread().getName().equals("countersign-sender")) {
                wake(SOONEST);
                return;
            }
        }
    }

    /** Runs the outbox after {@code delay}, unless a run is already planned sooner. */
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

    private void runOnce() {
        synchronized (this) {
            next = null; // this run is under way: a wake from now on plans the next one
        }
        if (closed) {
            return;
        }
        try {
            Sender.Run run = sender.runDue(new Progress() {
                @Override
                public void update(long done, long total, String message) {
                }

                @Override
                public boolean isCancelled() {
                    return closed;
                }
            });
            onRun.accept(run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            onError.accept(e instanceof Exception ex ? ex : new IllegalStateException(e));
        } finally {
            planNext();
        }
    }

    /** Whatever the run did, the next one is planned: when something falls due, and at least once a minute. */
    private void planNext() {
        Duration until = IDLE;
        try {
            Instant due = outbox.nextDue().orElse(Instant.MAX);
            until = due == Instant.MAX ? IDLE : Duration.between(clock.instant(), due);
        } catch (RuntimeException e) {
            onError.accept(e);
        }
        wake(until.compareTo(IDLE) > 0 ? IDLE : until.compareTo(SOONEST) < 0 ? SOONEST : until);
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception ignored) {
            // a feed that is already gone
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
