package io.countersign.bench;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.DraftQuery;
import io.countersign.core.work.Progress;
import io.countersign.ui.common.FxDialogService;
import io.countersign.ui.common.FxTaskExecutor;
import io.countersign.ui.main.MainWindow;
import io.countersign.ui.queue.QueueViewModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * What a reviewer waits for on a large workspace, measured in the real console (headless Monocle,
 * software rendering, 1440×900): launch to first page, each j step and PgDn (time the FX thread
 * spends plus the longest gap between pulses while driving), filter and search, bulk approval of
 * 10,000 drafts with their audit entries, and the heap afterwards. Run it on a workspace made by
 * {@code demo --drafts 100000}:
 *
 * <pre>mvn -q -Pbench-console verify -Dbench.home=/path/to/workspace</pre>
 *
 * It writes to the workspace (the bulk approval), so use a copy.
 */
public final class ConsoleBenchmark {

    private static long lastPulse;
    private static long worstGap;

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        // As the console does (ConsoleApp.launch): the workspace opens while the JavaFX toolkit starts.
        java.util.concurrent.CompletableFuture<Countersign> opening = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC())));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Countersign app = opening.join();
        FxTaskExecutor tasks = new FxTaskExecutor();
        AtomicReference<MainWindow> window = new AtomicReference<>();
        onFx(() -> {
            FxDialogService dialogs = new FxDialogService(url -> { });
            MainWindow w = MainWindow.load(ConsoleApp.services(app, "bench", tasks, dialogs), false, d -> { });
            Stage stage = new Stage();
            stage.setScene(w.scene());
            stage.setWidth(1440);
            stage.setHeight(900);
            stage.show();
            w.viewModel().start(() -> { });
            window.set(w);
        });
        QueueViewModel queue = window.get().viewModel().queue();
        waitFor(() -> !queue.visible().isEmpty() && queue.selected().get() != null
                && window.get().viewModel().review().draft().get() != null);
        onFx(() -> window.get().scene().getRoot().layout());
        long firstPage = System.currentTimeMillis() - jvmStart;
        report("launch to first page (JVM start to the queue's first rows shown and the first draft open)", firstPage
                + " ms, " + queue.visible().size() + " rows shown so far");
        waitFor(() -> queue.loaded().get() && tasks.isIdle());
        report("launch to the whole queue loaded", (System.currentTimeMillis() - jvmStart) + " ms, "
                + queue.visible().size() + " drafts shown, " + (queue.pendingCount().get() + queue.approvedCount().get()
                + queue.rejectedCount().get()) + " in the workspace");

        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0) {
                    worstGap = Math.max(worstGap, now - lastPulse);
                }
                lastPulse = now;
            }
        };
        onFx(pulses::start);
        steps("j (next draft)", 300, () -> queue.next(), tasks);
        steps("PgDn", 100, () -> queue.moveBy(12), tasks);
        onFx(pulses::stop);

        timed("filter: decision = BLOCK", () -> queue.decisionFilter().set(Decision.BLOCK), queue);
        timed("filter: any decision", () -> queue.decisionFilter().set(null), queue);
        timed("search \"pricing onboarding\" (first search builds the index)", () -> queue.search().set("pricing onboarding"), queue);
        timed("search \"pricing\"", () -> queue.search().set("pricing"), queue);
        timed("search cleared", () -> queue.search().set(""), queue);

        List<String> approvable = new ArrayList<>();
        app.drafts().forEachRow(DraftQuery.withStatus(ReviewStatus.PENDING), r -> {
            if (r.decision() == Decision.ALLOW) {
                approvable.add(r.id());
            }
            return approvable.size() < 10_000;
        });
        long t = System.nanoTime();
        var result = app.review().approveAll(approvable, "bench", true, Progress.NONE);
        report("bulk approval of " + approvable.size() + " drafts with their audit entries (ReviewService.approveAll, "
                + "200 per durable unit)", ms(System.nanoTime() - t) + " ms, " + result.decided() + " approved, "
                + result.refused().size() + " refused");
        waitFor(tasks::isIdle);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        report("heap in use after GC (console open on this workspace)", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + " MB");
        onFx(() -> { });
        tasks.close();
        app.close();
        Platform.exit();
        System.exit(0);
    }

    private static void steps(String what, int n, Runnable step, FxTaskExecutor tasks) throws Exception {
        long[] fx = new long[n];
        worstGap = 0;
        lastPulse = 0;
        for (int i = 0; i < n; i++) {
            int k = i;
            onFx(() -> {
                long t = System.nanoTime();
                step.run();
                fx[k] = System.nanoTime() - t;
            });
            waitFor(tasks::isIdle); // the draft opened for the new row, on the worker, is back
            Thread.sleep(20);
        }
        Arrays.sort(fx);
        report(what + " × " + n, "FX thread per step: median " + us(fx[n / 2]) + " µs, p99 " + us(fx[n * 99 / 100])
                + " µs, max " + us(fx[n - 1]) + " µs; longest gap between pulses " + ms(worstGap) + " ms");
    }

    private static void timed(String what, Runnable change, QueueViewModel queue) throws Exception {
        long[] t = new long[1];
        onFx(() -> {
            long s = System.nanoTime();
            change.run();
            t[0] = System.nanoTime() - s;
        });
        report(what, ms(t[0]) + " ms on the FX thread, " + queue.visible().size() + " shown");
    }

    private static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get(120, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting");
            }
            Thread.sleep(2);
        }
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static String us(long nanos) {
        return String.valueOf(nanos / 1000);
    }

    private static void report(String what, String result) {
        String line = what + ": " + result;
        System.out.println(line);
        System.out.flush();
        try {
            java.nio.file.Files.writeString(Path.of("target", "console-bench.txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("cannot write target/console-bench.txt: " + e.getMessage());
        }
    }

}
