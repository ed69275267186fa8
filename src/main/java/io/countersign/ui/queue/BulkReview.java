package io.countersign.ui.queue;

import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Severity;
import io.countersign.core.review.QueuedDraft;
import io.countersign.ui.common.ConsoleServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Approving or rejecting many picked drafts at once. Each draft is still decided on its own —
 * re-checked under the policy in force and recorded in the reviewer's name — one after another
 * on the background executor, with progress and a cancel that stops before the next draft.
 */
public final class BulkReview {

    private final ConsoleServices services;
    private final Supplier<List<String>> recentReasons;
    private final Consumer<String> rememberReason;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private volatile boolean cancelled;

    public BulkReview(ConsoleServices services, Supplier<List<String>> recentReasons, Consumer<String> rememberReason) {
        this.services = services;
        this.recentReasons = recentReasons;
        this.rememberReason = rememberReason;
    }

    /**
     * Approves the picked drafts that can be approved, after one confirmation naming the count and
     * the require-approval findings acknowledged; drafts with blocking findings are skipped.
     *
     * @param onEach   called with each approved draft (on the UI thread)
     * @param onFinish called with a one-line summary
     */
    public void approve(List<QueuedDraft> picked, Consumer<QueuedDraft> onEach, Consumer<String> onFinish) {
        if (running.get()) {
            return;
        }
        if (!picked.isEmpty() && !signingReady()) {
            io.countersign.ui.common.SigningKeys.ensure(services, () -> approve(picked, onEach, onFinish),
                    why -> onFinish.accept("Nothing approved: " + why + "."));
            return;
        }
        List<QueuedDraft> pending = picked.stream().filter(q -> q.status() == ReviewStatus.PENDING).toList();
        List<QueuedDraft> approvable = pending.stream().filter(q -> q.decision().decision() != Decision.BLOCK).toList();
        int blocked = pending.size() - approvable.size();
        if (approvable.isEmpty()) {
            onFinish.accept(picked.isEmpty() ? "Nothing selected: pick drafts with x (or Shift+J / Shift+K) first."
                    : "Nothing to approve: " + (blocked > 0 ? blocked + " selected draft(s) have blocking findings." : "no pending draft selected."));
            return;
        }
        // The forecast reads each identity's counters: off the UI thread, then the confirmation.
        services.tasks().submit(() -> services.outbox().forecast(approvable).stream()
                .map(io.countersign.core.outbox.OutboxService.Forecast::describe).toList(), forecast -> {
            if (!services.dialogs().show(new BulkApproveDialog(approvable.size(), blocked, acknowledgements(approvable), forecast))
                    .orElse(false)) {
                onFinish.accept("Bulk approval cancelled.");
                return;
            }
            String skipped = blocked > 0 ? "; " + blocked + " skipped (blocking findings)" : "";
            run(approvable, "Approving", "Approved",
                    (q, reviewer) -> services.review().approve(q.id(), reviewer, needsAcknowledgement(q)),
                    onEach, summary -> onFinish.accept(summary + skipped));
        }, e -> onFinish.accept("Cannot forecast the identities' budgets: " + e.getMessage()));
    }

    /** Asks one reason and rejects every picked pending draft with it. */
    public void reject(List<QueuedDraft> picked, Consumer<QueuedDraft> onEach, Consumer<String> onFinish) {
        if (running.get()) {
            return;
        }
        if (!picked.isEmpty() && !signingReady()) {
            io.countersign.ui.common.SigningKeys.ensure(services, () -> reject(picked, onEach, onFinish),
                    why -> onFinish.accept("Nothing rejected: " + why + "."));
            return;
        }
        List<QueuedDraft> pending = picked.stream().filter(q -> q.status() == ReviewStatus.PENDING).toList();
        if (pending.isEmpty()) {
            onFinish.accept("Nothing to reject: no pending draft selected.");
            return;
        }
        Optional<String> reason = services.dialogs().show(new io.countersign.ui.common.RejectReasonDialog(
                pending.size() == 1 ? "1 selected draft" : pending.size() + " selected drafts", pending.size(),
                recentReasons.get()));
        if (reason.isEmpty() || reason.get().isBlank()) {
            onFinish.accept("Bulk rejection cancelled.");
            return;
        }
        String why = reason.get().strip();
        rememberReason.accept(why);
        run(pending, "Rejecting", "Rejected", (q, reviewer) -> services.review().reject(q.id(), reviewer, why), onEach,
                summary -> onFinish.accept(summary + ": " + why));
    }

    private boolean signingReady() {
        return services.signing().state(services.reviewer()) == io.countersign.core.review.ReviewerKeys.State.UNLOCKED;
    }

    /** Stops after the chunk being decided now (at most {@value #CHUNK} drafts); what is decided stays decided. */
    public void cancel() {
        cancelled = true;
    }

    private void run(List<QueuedDraft> drafts, String doing, String done, BiFunction<QueuedDraft, String, QueuedDraft> action,
                     Consumer<QueuedDraft> onEach, Consumer<String> onFinish) {
        cancelled = false;
        running.set(true);
        progress.set(0);
        List<String> failures = new ArrayList<>();
        step(drafts, 0, new int[1], failures, doing, done, action, onEach, onFinish);
    }

    /** At most this many drafts per durable unit: one sync per chunk; Cancel takes effect between chunks. */
    static final int CHUNK = 200;

    private void step(List<QueuedDraft> drafts, int i, int[] succeeded, List<String> failures, String doing, String done,
                      BiFunction<QueuedDraft, String, QueuedDraft> action, Consumer<QueuedDraft> onEach, Consumer<String> onFinish) {
        if (i == drafts.size() || cancelled) {
            running.set(false);
            String summary = done + " " + succeeded[0] + " of " + drafts.size() + " as " + services.reviewer()
                    + (cancelled && i < drafts.size() ? "; cancelled, " + (drafts.size() - i) + " left undecided" : "")
                    + (failures.isEmpty() ? "" : "; " + failures.size() + " not decided (" + String.join("; ", failures) + ")");
            status.set(summary);
            onFinish.accept(summary);
            return;
        }
        // Chunks grow 1, 1, 2, 4 … up to CHUNK: the first drafts show progress (and honour Cancel) at
        // once, the bulk of a large selection costs one sync per CHUNK drafts.
        int size = Math.max(1, Math.min(CHUNK, i));
        List<QueuedDraft> chunk = drafts.subList(i, Math.min(drafts.size(), i + size));
        int next = i + chunk.size();
        status.set(doing + " " + next + " of " + drafts.size() + "\u2026");
        String reviewer = services.reviewer();
        services.tasks().submit(() -> services.review().batch(chunk, q -> action.apply(q, reviewer)), results -> {
            for (var r : results) {
                if (r.ok()) {
                    succeeded[0]++;
                    onEach.accept(r.decided());
                } else {
                    failures.add(r.item().draft().lead().displayName() + ": " + r.refusal());
                }
            }
            progress.set(next / (double) drafts.size());
            step(drafts, next, succeeded, failures, doing, done, action, onEach, onFinish);
        }, e -> {
            // The whole chunk was rolled back (a store fault, not a refusal): say so and stop.
            failures.add(chunk.size() + " drafts not stored: " + e.getMessage());
            progress.set(next / (double) drafts.size());
            step(drafts, drafts.size(), succeeded, failures, doing, done, action, onEach, onFinish);
        });
    }

    private static boolean needsAcknowledgement(QueuedDraft q) {
        return q.decision().decision() == Decision.REQUIRE_APPROVAL;
    }

    /** "Pressure tactic (pressure) — 3 drafts": what the approver acknowledges, per rule. */
    private static List<String> acknowledgements(List<QueuedDraft> drafts) {
        Map<String, Integer> byRule = new TreeMap<>();
        for (QueuedDraft q : drafts) {
            q.decision().findings().stream()
                    .filter(f -> f.severity() == Severity.REQUIRE_APPROVAL && !f.observed())
                    .map(Finding::ruleId).distinct()
                    .forEach(rule -> byRule.merge(rule, 1, Integer::sum));
        }
        List<String> out = new ArrayList<>();
        byRule.forEach((rule, n) -> out.add(rule + " \u2014 " + (n == 1 ? "1 draft" : n + " drafts")));
        return out;
    }

    public BooleanProperty running() {
        return running;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty status() {
        return status;
    }
}
