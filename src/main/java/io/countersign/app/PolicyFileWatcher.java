package io.countersign.app;

import io.countersign.core.policy.PolicyActivation;

import io.countersign.core.audit.Actor;
import io.countersign.core.policy.PolicyException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the workspace's policy.yaml and activates a new version as soon as it is saved and valid.
 * An invalid file is reported and the policy in force stays in force.
 */
public final class PolicyFileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);
    private static final Actor WATCHER = new Actor(Actor.Kind.SYSTEM, "policy-file-watcher");

    private final Countersign app;
    private final WatchService watch;
    private final Thread thread;
    private final java.util.concurrent.Executor reloads;

    /**
     * @param onActivated called (on the watcher thread) after a new policy is in force
     * @param onInvalid   called (on the watcher thread) with the error of an invalid file
     */
    public PolicyFileWatcher(Countersign app, Consumer<PolicyActivation.Activation> onActivated, Consumer<String> onInvalid)
            throws IOException {
        this(app, Runnable::run, onActivated, onInvalid);
    }

    /**
     * @param reloads where each reload runs (the console's one worker, so it is ordered with every
     *                other write); the watcher thread only notices the file changed
     */
    public PolicyFileWatcher(Countersign app, java.util.concurrent.Executor reloads,
                             Consumer<PolicyActivation.Activation> onActivated, Consumer<String> onInvalid)
            throws IOException {
        this.reloads = reloads;
        this.app = app;
        this.watch = FileSystems.getDefault().newWatchService();
        Path dir = app.workspace().home();
        dir.register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = new Thread(() -> loop(onActivated, onInvalid), "countersign-policy-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Consumer<PolicyActivation.Activation> onActivated, Consumer<String> onInvalid) {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean policyTouched = key.pollEvents().stream()
                        .anyMatch(e -> Countersign.POLICY_FILE.equals(String.valueOf(e.context())));
                key.reset();
                if (!policyTouched) {
                    continue;
                }
                // Editors save in several writes; wait for the burst to end.
                WatchKey more;
                while ((more = watch.poll(300, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                reloads.execute(() -> {
                    try {
                        PolicyActivation.Activation a = app.policies().reload(WATCHER);
                        if (a.changed()) {
                            onActivated.accept(a);
                        }
                    } catch (PolicyException e) {
                        onInvalid.accept(e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.warn("policy reload failed", e);
                        onInvalid.accept(String.valueOf(e.getMessage()));
                    }
                });
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        thread.interrupt();
    }
}
