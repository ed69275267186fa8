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
 * sends what is due until nothing more is due now. One run at a time per workspace (the console's
 * background sender and a {@code send} command in the same process wait for each other). Never
 * call it on the UI thread.
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

    public Run runDue(Progress progress) throws InterruptedException {
        running.lockInterruptibly();
        try {
            Map<String, ChannelAdapter> open = new HashMap<>();
            try {
                int recovered = outbox.recover(i -> {
                    try {
                        return adapter(open, i).deduplicates();
                    } catch (IllegalArgumentException cannotSend) {
                        return false;
                    }
                });
                java.util.Set<String> refusedLogin = new java.util.HashSet<>();
                int autoApproved = autoSend.approveMatching();
                OutboxService.Scheduled scheduled = outbox.schedule();
                int sent = 0;
                int failed = 0;
                int retrying = 0;
                int unknown = 0;
                // One message in flight: its outcome and the next claim share one unit of work, so
                // each message costs one durable sync and a crash leaves at most one unknown outcome.
                List<OutboxService.Claimed> next = progress.isCancelled() ? List.of() : outbox.claim(1);
                while (!next.isEmpty()) {
                    OutboxService.Claimed c = next.get(0);
                    SendOutcome outcome;
                    boolean stop = progress.isCancelled() || Thread.currentThread().isInterrupted();
                    if (stop) {
                        outcome = SendOutcome.Failed.transient_("sending was stopped before this attempt");
                    } else if (refusedLogin.contains(c.identity().id())) {
                        outcome = new SendOutcome.CredentialsRefused("not tried: the server refused "
                                + c.identity().id() + "'s login a moment ago");
                    } else {
                        outcome = attempt(open, c);
                        if (outcome instanceof SendOutcome.CredentialsRefused) {
                            refusedLogin.add(c.identity().id());
                        }
                    }
                    OutboxEntry e;
                    if (stop) {
                        e = outbox.record(c, outcome);
                        next = List.of();
                    } else {
                        OutboxService.Step step;
                        try {
                            step = outbox.recordAndClaim(c, outcome, 1);
                        } catch (RuntimeException claimFailed) {
                            // The claim of the next one failed and took the outcome with it: record the outcome
                            // on its own, so a sent message is never left looking unknown, then stop this run.
                            outbox.record(c, outcome);
                            throw claimFailed;
                        }
                        e = step.recorded();
                        next = step.next();
                    }
                    switch (e.state()) {
                        case SENT -> sent++;
                        case FAILED -> failed++;
                        case UNKNOWN -> unknown++;
                        default -> retrying++;
                    }
                    progress.update(sent + failed + unknown + retrying, -1, sent + " sent");
                }
                int waiting = outbox.counts().getOrDefault(OutboxState.SCHEDULED, 0);
                String paused = outbox.pausedAll().map(s -> s.reason() + " (by " + s.by() + ")").orElse(null);
                return new Run(scheduled.scheduled(), scheduled.refused(), sent, failed, retrying, unknown, waiting,
                        recovered, paused, autoApproved, outbox.drainAlerts());
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

    private ChannelAdapter adapter(Map<String, ChannelAdapter> open, Identity identity) {
        String key = identity.id() + "\u0000" + identity.transport().text();
        ChannelAdapter a = open.get(key);
        if (a == null) {
            a = adapters.forIdentity(identity);
            open.put(key, a);
        }
        return a;
    }
}
