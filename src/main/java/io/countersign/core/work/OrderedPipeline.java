package io.countersign.core.work;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Maps batches on all cores while the caller keeps reading, and hands the results to one consumer
 * on the caller's thread in submission order. At most {@code 2 × cores} batches are in flight, so
 * memory stays bounded by a few batches however long the input is.
 *
 * @param <I> a batch of input
 * @param <O> its result
 */
public final class OrderedPipeline<I, O> implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Function<I, O> map;
    private final Consumer<O> sink;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<CompletableFuture<O>> inFlight = new ArrayDeque<>();

    public OrderedPipeline(Function<I, O> map, Consumer<O> sink) {
        this(map, sink, Runtime.getRuntime().availableProcessors());
    }

    public OrderedPipeline(Function<I, O> map, Consumer<O> sink, int threads) {
        this.map = map;
        this.sink = sink;
        int n = Math.max(1, threads);
        int id = POOLS.incrementAndGet();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "countersign-eval-" + id);
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(n, named);
        this.maxInFlight = 2 * n;
    }

    /** Queues a batch; delivers finished results (in order) first if too many are in flight. */
    public void submit(I batch) {
        while (inFlight.size() >= maxInFlight) {
            sink.accept(join(inFlight.removeFirst()));
        }
        inFlight.addLast(CompletableFuture.supplyAsync(() -> map.apply(batch), pool));
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            sink.accept(join(inFlight.removeFirst()));
        }
    }

    /** Delivers every outstanding result, in order. */
    public void finish() {
        while (!inFlight.isEmpty()) {
            sink.accept(join(inFlight.removeFirst()));
        }
    }

    private static <O> O join(CompletableFuture<O> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Stops the threads; results not yet delivered are dropped. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
        pool.shutdownNow();
    }
}
