package io.countersign.core.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's one stream of changes. The write path publishes each committed unit of work's
 * changes, in commit order, on the writing thread; a listener that must run elsewhere (the JavaFX
 * thread) hands the batch over itself. A failing listener is logged and never undoes or blocks the
 * write, nor the other listeners.
 */
public final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final List<Consumer<List<Change>>> listeners = new CopyOnWriteArrayList<>();

    /** Subscribes; close the returned handle to stop listening. */
    public AutoCloseable subscribe(Consumer<List<Change>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Change> batch = List.copyOf(changes);
        for (Consumer<List<Change>> l : listeners) {
            try {
                l.accept(batch);
            } catch (RuntimeException e) {
                LOG.warn("a change listener failed", e);
            }
        }
    }
}
