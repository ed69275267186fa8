package io.countersign.core.outbox;

import io.countersign.core.identity.Identity;
import io.countersign.core.work.Progress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the outbox: recovers what a crash left in SENDING, schedules new approvals, then claims and
 * sends what is due until nothing more is due now, up to {@link #IN_FLIGHT} identities at a time.
 * One run at a time per workspace (the console's background sender and a {@code send} command in
 * the same process wait for each other). Never call it on the UI thread.
 */
public final class Sender {

    private final OutboxService outbox;
    private final ChannelAdapter.Factory adapters;
    private final ReentrantLock running = new ReentrantLock();

    private final AutoSendService autoSend;

    public Sender(OutboxService outbox, ChannelAdapter.Factory adapters, AutoSendService autoSend) {
        this.outbox = Objects.requireNonNull(outbox);
        this.adapters = Objects.requireNonNull(adapters);
        this.autoSend = Objects.requireNonNull(autoSend);
    }

    /** What one run did; {@code waiting} is what stays scheduled for later (deferred by a limit, window or backoff). */
    public record Run(int scheduled, List<String> refused, int sent, int failed, int retrying, int unknown, int waiting,
                      int recovered, String pausedAll, int autoApproved, List<String> alerts) {
    }

    /**
     * Identities sent to at the same time, each with one message in flight. A crash leaves at most
     * one message of unknown outcome per identity and this many in all; a server that hangs holds up
     * only its own identity.
     */
    public static final int IN_FLIGHT = 4;

    public Run runDue(Progress progress) throws InterruptedException {
        running.lockInterruptibly();
        try {
            Map<String, ChannelAdapter> open = new java.util.concurrent.ConcurrentHashMap<>();
            try {
                int recovered = outbox.recover(i -> {
                    try {
                        return adapter(open, i).deduplicates();
                    } catch (IllegalArgumentException cannotSend) {
                        return false;
                    }
                });
                int autoApproved = autoSend.approveMatching();
                OutboxService.Scheduled scheduled = outbox.schedule();
                Tally tally = sendDue(open, progress);
                int waiting = outbox.counts().getOrDefault(OutboxState.SCHEDULED, 0);
                String paused = outbox.pausedAll().map(s -> s.reason() + " (by " + s.by() + ")").orElse(null);
                return new Run(scheduled.scheduled(), scheduled.refused(), tally.sent.get(), tally.failed.get(),
                        tally.retrying.get(), tally.unknown.get(), waiting, recovered, paused, autoApproved,
                        outbox.drainAlerts());
            } finally {
                open.values().forEach(a -> {
                    try {
                        a.close();
                    } catch (RuntimeException ignored) {
                        // closing a connection that already broke tells us nothing new
                    }
                });
            }
        } finally {
            running.unlock();
        }
    }

    /** Counts shared by the workers of one run. */
    private static final class Tally {
        final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger retrying = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger unknown = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.Set<String> refusedLogin = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean stop;

        int done() {
            return sent.get() + failed.get() + retrying.get() + unknown.get();
        }
    }

    /**
     * Up to {@link #IN_FLIGHT} workers, each sending one message at a time: a message's outcome and
     * that worker's next claim share one unit of work (one durable sync per message), and a claim
     * never picks an identity that has a message in SENDING. An interrupt or a cancel lets every
     * worker record the attempt it is in before the run ends.
     */
    private Tally sendDue(Map<String, ChannelAdapter> open, Progress progress) throws InterruptedException {
        Tally tally = new Tally();
        if (progress.isCancelled()) {
            return tally;
        }
        List<OutboxService.Claimed> first;
        try {
            first = outbox.claim(IN_FLIGHT);
        } catch (RuntimeException e) {
            io.countersign.core.store.NotDurableException notOnDisk = notDurable(e);
            if (notOnDisk != null) {
                releaseQuietly(claimedIn(notOnDisk.result()));
            }
            throw e;
        }
        if (first.isEmpty()) {
            return tally;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(first.size(), r -> {
            Thread t = new Thread(r, "countersign-send");
            t.setDaemon(true);
            return t;
        });
        List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
        for (OutboxService.Claimed c : first) {
            workers.add(pool.submit(() -> {
                work(c, open, progress, tally);
                return null;
            }));
        }
        pool.shutdown();
        boolean interrupted = false;
        RuntimeException failure = null;
        for (java.util.concurrent.Future<?> f : workers) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    // Stop claiming, but wait: each worker records the attempt it is in (transports time out).
                    interrupted = true;
                    tally.stop = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    tally.stop = true;
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return tally;
    }

    private void work(OutboxService.Claimed claimed, Map<String, ChannelAdapter> open, Progress progress, Tally tally)
            throws InterruptedException {
        OutboxService.Claimed c = claimed;
        while (c != null) {
            SendOutcome outcome;
            boolean stop = tally.stop || progress.isCancelled();
            if (stop) {
                outcome = SendOutcome.Failed.transient_("sending was stopped before this attempt");
            } else if (tally.refusedLogin.contains(c.identity().id())) {
                outcome = new SendOutcome.CredentialsRefused("not tried: the server refused "
                        + c.identity().id() + "'s login a moment ago");
            } else {
                outcome = attempt(open, c);
                if (outcome instanceof SendOutcome.CredentialsRefused) {
                    tally.refusedLogin.add(c.identity().id());
                }
            }
            OutboxEntry e;
            if (stop || tally.stop || progress.isCancelled()) {
                e = outbox.record(c, outcome);
                c = null;
            } else {
                OutboxService.Step step;
                try {
                    step = outbox.recordAndClaim(c, outcome, 1);
                } catch (RuntimeException failed) {
                    io.countersign.core.store.NotDurableException notOnDisk = notDurable(failed);
                    if (notOnDisk == null) {
                        // The claim of the next one failed and took the outcome with it: record the outcome
                        // on its own, so a sent message is never left looking unknown, then stop this run.
                        outbox.record(c, outcome);
                        throw failed;
                    }
                    // The outcome is committed; the next message must not go out on a claim the disk did not confirm.
                    tally.stop = true;
                    if (notOnDisk.result() instanceof OutboxService.Step s) {
                        releaseQuietly(s.next());
                    }
                    throw failed;
                }
                e = step.recorded();
                c = step.next().isEmpty() ? null : step.next().get(0);
            }
            switch (e.state()) {
                case SENT -> tally.sent.incrementAndGet();
                case FAILED -> tally.failed.incrementAndGet();
                case UNKNOWN -> tally.unknown.incrementAndGet();
                default -> tally.retrying.incrementAndGet();
            }
            synchronized (tally) {
                progress.update(tally.done(), -1, tally.sent.get() + " sent");
            }
        }
    }

    /**
     * "Send test message to me": one message through the identity's transport to the person's own
     * address (not a lead; no approval, no limits), so its settings and credentials are proven before
     * any outreach. The result is an {@code identity.tested} audit event.
     */
    public SendOutcome test(io.countersign.core.identity.Identity identity, String to, io.countersign.core.audit.Actor actor)
            throws InterruptedException {
        if (identity.transport().kind() == io.countersign.core.identity.Transport.Kind.LINKEDIN_ASSISTED) {
            throw new OutboxException(identity.id() + " is sent by hand on LinkedIn: there is no transport to test");
        }
        String stamp = outbox.clock().instant().toString();
        String domain = identity.address().contains("@") ? identity.address().substring(identity.address().lastIndexOf('@') + 1)
                : "countersign.invalid";
        String id = Long.toString(outbox.clock().millis(), 36) + "." + Long.toString(System.nanoTime() & 0xffffff, 36);
        OutboundMessage m = new OutboundMessage(0, "", identity, to == null ? "" : to.strip(), actor.id(),
                "Countersign test message from " + identity.id(),
                "This is a test message Countersign sent at " + stamp + " from " + identity.id() + " ("
                        + identity.transport().text() + ") at the request of " + actor.id() + ".\n\nIf it reached you, "
                        + "this identity can send.", "<cs.test." + id + "@" + domain + ">", "countersign-test-" + id,
                identity.channel() == io.countersign.core.draft.Channel.EMAIL ? "mailto:" + identity.address() + "?subject=unsubscribe" : "",
                "");
        SendOutcome outcome;
        try (ChannelAdapter adapter = adapters.forIdentity(identity)) {
            outcome = adapter.send(m);
        } catch (IllegalArgumentException e) {
            outcome = SendOutcome.Failed.permanent(e.getMessage());
        }
        outbox.recordTest(identity, m, outcome, actor);
        return outcome;
    }

    private SendOutcome attempt(Map<String, ChannelAdapter> open, OutboxService.Claimed c) throws InterruptedException {
        ChannelAdapter adapter;
        try {
            adapter = adapter(open, c.identity());
        } catch (IllegalArgumentException e) {
            return SendOutcome.Failed.transient_(e.getMessage());
        }
        try {
            return adapter.send(c.message());
        } catch (RuntimeException e) {
            // An adapter bug in the middle of a send: it may have gone out. Never guess.
            return new SendOutcome.Unknown("the " + c.identity().transport().text() + " adapter failed unexpectedly: " + e);
        }
    }

    /** The unit that committed but was not confirmed on disk, if that is what {@code e} is (a full disk wraps it). */
    private static io.countersign.core.store.NotDurableException notDurable(Throwable e) {
        if (e instanceof io.countersign.core.store.NotDurableException n) {
            return n;
        }
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof io.countersign.core.store.NotDurableException n) {
                return n;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<OutboxService.Claimed> claimedIn(Object result) {
        return result instanceof List<?> l ? (List<OutboxService.Claimed>) l : List.of();
    }

    private void releaseQuietly(List<OutboxService.Claimed> claimed) {
        try {
            outbox.release(claimed, "the claim could not be confirmed on disk");
        } catch (RuntimeException stillFailing) {
            // they stay SENDING and are unknown at the next start: a person resolves them, nothing goes twice
        }
    }

    /** One adapter per identity and transport for the run; an identity's messages go one at a time. */
    private ChannelAdapter adapter(Map<String, ChannelAdapter> open, Identity identity) {
        return open.computeIfAbsent(identity.id() + "\u0000" + identity.transport().text(), k -> adapters.forIdentity(identity));
    }
}
