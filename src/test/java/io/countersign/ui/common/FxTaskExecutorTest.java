package io.countersign.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor's bookkeeping, without a toolkit: results are delivered on the worker thread itself. */
class FxTaskExecutorTest {

    /**
     * Waits until the worker has run everything queued before this call, then until its results
     * are settled (the last one settles just after its handler returns).
     */
    private static void drain(FxTaskExecutor tasks) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        tasks.submit(() -> null, r -> done.countDown(), e -> done.countDown());
        assertTrue(done.await(30, TimeUnit.SECONDS), "worker did not drain");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!tasks.isIdle() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void aDebouncedTaskReplacedWhileRunningIsSettledOnce() throws Exception {
        // Before the fix, replacing a debounced task that had already started cancelled a running
        // future (cancel returns true while it runs), which settled it a second time when it
        // finished: the count went to -1 and isIdle() never became true again (the flaky UI test).
        try (FxTaskExecutor tasks = new FxTaskExecutor(Runnable::run)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> delivered = new CopyOnWriteArrayList<>();
            tasks.debounce("preview", Duration.ZERO, () -> {
                started.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
                return "first";
            }, delivered::add, e -> { });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            tasks.debounce("preview", Duration.ZERO, () -> "second", delivered::add, e -> { });
            release.countDown();
            drain(tasks);
            assertTrue(tasks.isIdle(), "pending count must return to zero");
            assertEquals(List.of("first", "second"), delivered);
        }
    }

    @Test
    void aDebouncedTaskReplacedBeforeItStartsNeverRuns() throws Exception {
        try (FxTaskExecutor tasks = new FxTaskExecutor(Runnable::run)) {
            CountDownLatch release = new CountDownLatch(1);
            tasks.submit(() -> release.await(30, TimeUnit.SECONDS), r -> { }, e -> { });
            AtomicInteger runs = new AtomicInteger();
            List<Integer> delivered = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.debounce("typing", Duration.ofMillis(1), () -> {
                    runs.incrementAndGet();
                    return n;
                }, delivered::add, e -> { });
            }
            assertFalse(tasks.isIdle());
            release.countDown();
            drain(tasks);
            assertTrue(tasks.isIdle());
            assertEquals(List.of(49), delivered, "only the last request of a burst is computed");
            assertEquals(1, runs.get());
        }
    }

    @Test
    void aCancelledTaskDoesNotRunAndProgressReachesTheListener() throws Exception {
        try (FxTaskExecutor tasks = new FxTaskExecutor(Runnable::run)) {
            CountDownLatch release = new CountDownLatch(1);
            tasks.submit(() -> release.await(30, TimeUnit.SECONDS), r -> { }, e -> { });
            AtomicInteger ran = new AtomicInteger();
            BackgroundTask<Integer> doomed = BackgroundTask.of("doomed", p -> ran.incrementAndGet());
            tasks.execute(doomed);
            doomed.cancel();
            List<Long> seen = new CopyOnWriteArrayList<>();
            tasks.execute(BackgroundTask.<Long>of("counting", p -> {
                for (long i = 1; i <= 3; i++) {
                    p.update(i, 3, "step");
                }
                return 3L;
            }).onProgress((d, t, m) -> seen.add(d)));
            release.countDown();
            drain(tasks);
            assertEquals(0, ran.get());
            assertTrue(seen.contains(3L), "the final progress update always goes through: " + seen);
            assertTrue(tasks.isIdle());
        }
    }
}
