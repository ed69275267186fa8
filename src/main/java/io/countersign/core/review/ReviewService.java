package io.countersign.core.review;

import io.countersign.core.audit.Actor;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyContext;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.Severity;
import io.countersign.core.store.UnitOfWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The human gate. Approving re-checks the text under the policy in force at that moment, refuses
 * blocked drafts, and insists that require-approval findings are acknowledged by name.
 */
public final class ReviewService {

    /** Re-evaluated drafts are stored this many per unit of work: one durable sync per batch, not per draft. */
    private static final int RECHECK_BATCH = 200;

    private final DraftStore store;
    private final UnitOfWork unitOfWork;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Supplier<PolicyContext> context;
    private final ReviewerSigning signing;

    /**
     * @param unitOfWork the write path the store writes through, so a decision and the re-checks it
     *                   causes are stored together
     * @param context    the workspace data rules consult (do-not-contact list, contact history)
     */
    public ReviewService(DraftStore store, UnitOfWork unitOfWork, Supplier<Policy> policy, Clock clock,
                         Supplier<PolicyContext> context, ReviewerSigning signing) {
        this.signing = Objects.requireNonNull(signing);
        this.store = Objects.requireNonNull(store);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.context = Objects.requireNonNull(context);
    }

    /** Evaluates text without storing anything: what the reviewer sees while typing. */
    public PolicyDecision preview(QueuedDraft q, String subject, String body) {
        return policy.get().evaluate(new PolicyInput(q.draft(), subject, body, context.get()));
    }

    public QueuedDraft approve(String draftId, String reviewer, boolean acknowledgeFindings) {
        return approve(null, draftId, reviewer, acknowledgeFindings, new java.util.HashSet<>());
    }

    /**
     * @param read the draft as read earlier in this unit (null to read it now)
     * @param touched ids of drafts this unit has changed since (a re-check of the same lead's drafts adds to it)
     */
    private QueuedDraft approve(QueuedDraft read, String draftId, String reviewer, boolean acknowledgeFindings,
                                java.util.Set<String> touched) {
        Actor actor = Actor.human(requireReviewer(reviewer));
        QueuedDraft q = read == null || touched.contains(draftId) ? pending(draftId) : pending(read);
        PolicyDecision decision = preview(q, q.subject(), q.body());
        if (decision.isBlocked()) {
            throw new ReviewException("Cannot approve: " + decision.reason());
        }
        List<Finding> needAck = decision.findingsWith(Severity.REQUIRE_APPROVAL);
        if (!needAck.isEmpty() && !acknowledgeFindings) {
            throw new ReviewException("Approval needs an explicit acknowledgement of: " + decision.reason());
        }
        QueuedDraft approved = q.decided(ReviewStatus.APPROVED, decision, actor.id(), "", clock.instant());
        var signature = signing.sign(actor.id(), "approved", approved, needAck.stream().map(Finding::ruleId).toList());
        unitOfWork.writeAll(w -> {
            store.update(approved, List.of(DraftEvents.approved(approved, actor, needAck, signature)));
            touched.add(approved.id());
            recheckSameLead(approved, actor, touched);
        });
        return approved;
    }

    /**
     * Approval by an auto-send rule: only a pending draft the policy in force allows outright (no
     * blocking finding, nothing that asks for a human) is approved, with Countersign as the actor
     * and the rule named in the audit entry. Returns empty when the draft does not qualify.
     */
    public java.util.Optional<QueuedDraft> autoApprove(String draftId, String rule) {
        QueuedDraft q = store.find(draftId).orElse(null);
        if (q == null || q.status() != ReviewStatus.PENDING) {
            return java.util.Optional.empty();
        }
        PolicyDecision decision = preview(q, q.subject(), q.body());
        if (decision.decision() != io.countersign.core.policy.Decision.ALLOW) {
            return java.util.Optional.empty();
        }
        QueuedDraft approved = q.decided(ReviewStatus.APPROVED, decision, Actor.SYSTEM.id(), "", clock.instant());
        unitOfWork.writeAll(w -> {
            store.update(approved, List.of(DraftEvents.autoApproved(approved, rule)));
            recheckSameLead(approved, Actor.SYSTEM);
        });
        return java.util.Optional.of(approved);
    }

    /** One item of a batch: the draft as decided, or why it was not. */
    public record Decided<T>(T item, QueuedDraft decided, String refusal) {
        public boolean ok() {
            return decided != null;
        }
    }

    /**
     * Runs several decisions as one durable unit (one sync for all of them): each draft is still
     * re-checked, refused or decided, and audited on its own, and a refused one does not stop the
     * others. Keep batches small (a few hundred) so a reviewer can cancel between them.
     */
    public <T> List<Decided<T>> batch(List<T> items, java.util.function.Function<T, QueuedDraft> decide) {
        return unitOfWork.write(w -> {
            List<Decided<T>> out = new ArrayList<>(items.size());
            for (T item : items) {
                try {
                    out.add(new Decided<>(item, decide.apply(item), null));
                } catch (ReviewException | DraftStore.ConcurrentChangeException e) {
                    out.add(new Decided<>(item, null, e.getMessage()));
                }
            }
            return out;
        });
    }

    /** What a bulk decision did. */
    public record BulkResult(int decided, List<String> refused) {
    }

    /**
     * Approves many drafts, each re-checked and audited on its own, but stored {@value #RECHECK_BATCH}
     * per durable unit. A draft that cannot be approved (blocked, already decided, findings not
     * acknowledged) is listed in {@code refused} with the reason and does not stop the others.
     */
    public BulkResult approveAll(List<String> draftIds, String reviewer, boolean acknowledgeFindings,
                                 io.countersign.core.work.Progress progress) {
        List<String> refused = new ArrayList<>();
        int decided = 0;
        for (int i = 0; i < draftIds.size() && !progress.isCancelled(); i += RECHECK_BATCH) {
            List<String> chunk = draftIds.subList(i, Math.min(draftIds.size(), i + RECHECK_BATCH));
            decided += unitOfWork.write(w -> {
                int n = 0;
                // The chunk is read in one query; a draft a re-check changes meanwhile is read again.
                java.util.Map<String, QueuedDraft> read = new java.util.HashMap<>();
                store.findAll(chunk).forEach(q -> read.put(q.id(), q));
                java.util.Set<String> touched = new java.util.HashSet<>();
                for (String id : chunk) {
                    try {
                        approve(read.get(id), id, reviewer, acknowledgeFindings, touched);
                        n++;
                    } catch (ReviewException e) {
                        refused.add(id + ": " + e.getMessage());
                    }
                }
                return n;
            });
            progress.update(Math.min(draftIds.size(), i + RECHECK_BATCH), draftIds.size(), decided + " approved");
        }
        return new BulkResult(decided, refused);
    }

    /**
     * Puts an approved draft back in the queue because its message was withdrawn before it left
     * (undo, outbox cancel): the draft is pending again, re-checked under the policy in force, and
     * {@code event} (made from the draft as it is stored) records who withdrew it and why. Joins the
     * caller's unit of work.
     */
    public QueuedDraft withdrawApproval(String draftId, java.util.function.Function<QueuedDraft, io.countersign.core.audit.AuditEvent> event) {
        QueuedDraft q = store.find(draftId).orElseThrow(() -> new ReviewException("No draft with id " + draftId));
        if (q.status() != ReviewStatus.APPROVED) {
            throw new ReviewException("Draft " + draftId + " is " + q.status().wireName() + ", not approved");
        }
        QueuedDraft back = q.decided(ReviewStatus.PENDING, preview(q, q.subject(), q.body()), "", "", clock.instant());
        store.update(back, List.of(event.apply(back)));
        return back;
    }

    public QueuedDraft reject(String draftId, String reviewer, String reason) {
        Actor actor = Actor.human(requireReviewer(reviewer));
        if (reason == null || reason.isBlank()) {
            throw new ReviewException("A rejection needs a reason");
        }
        QueuedDraft q = pending(draftId);
        QueuedDraft rejected = q.decided(ReviewStatus.REJECTED, q.decision(), actor.id(), reason.strip(), clock.instant());
        store.update(rejected, List.of(DraftEvents.rejected(rejected, actor, reason.strip(), signing.sign(actor.id(), "rejected", rejected, List.of()))));
        return rejected;
    }

    /** Stores a reviewer's edit with the decision on the new text. Unchanged text stores nothing. */
    public QueuedDraft edit(String draftId, String reviewer, String subject, String body, String note) {
        Actor actor = Actor.human(requireReviewer(reviewer));
        QueuedDraft q = pending(draftId);
        String newSubject = subject == null ? q.subject() : subject;
        String newBody = Objects.requireNonNull(body, "body");
        if (newSubject.equals(q.subject()) && newBody.equals(q.body())) {
            return q;
        }
        QueuedDraft edited = q.withText(newSubject, newBody, preview(q, newSubject, newBody), clock.instant());
        store.update(edited, List.of(DraftEvents.edited(q, edited, actor, note)));
        return edited;
    }

    /**
     * Re-evaluates pending drafts under the policy in force and records every changed decision.
     *
     * @return how many decisions changed
     */
    public int reevaluatePending(Actor actor) {
        return reevaluatePending(actor, false);
    }

    /**
     * @param all also re-check drafts already evaluated under this policy version (their context,
     *            such as the do-not-contact list, changed); only changed decisions are stored then
     */
    public int reevaluatePending(Actor actor, boolean all) {
        String version = policy.get().version();
        DraftQuery query = DraftQuery.withStatus(ReviewStatus.PENDING);
        List<String> batch = new ArrayList<>(RECHECK_BATCH);
        int[] changed = {0};
        store.forEach(all ? query : query.evaluatedUnder(version), q -> {
            batch.add(q.id());
            if (batch.size() == RECHECK_BATCH) {
                changed[0] += recheck(batch, version, all, actor);
                batch.clear();
            }
            return true;
        });
        if (!batch.isEmpty()) {
            changed[0] += recheck(batch, version, all, actor);
        }
        return changed[0];
    }

    /**
     * Same rules on the same spans with the same severity and the same message but for its numbers:
     * a message that only restates the clock ("contacted 5 minutes ago" → "6 minutes ago") is not a
     * changed decision worth storing; one that says something else ("unknown identity" → "identity
     * of another channel") is.
     */
    static boolean sameFindings(List<Finding> a, List<Finding> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Finding x = a.get(i);
            Finding y = b.get(i);
            if (!x.ruleId().equals(y.ruleId()) || x.severity() != y.severity() || x.field() != y.field()
                    || x.start() != y.start() || x.end() != y.end() || x.observed() != y.observed()
                    || !withoutNumbers(x.message()).equals(withoutNumbers(y.message()))) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern NUMBERS = java.util.regex.Pattern.compile("\\d+");

    private static String withoutNumbers(String message) {
        return NUMBERS.matcher(message).replaceAll("#");
    }

    // One unit of work per batch, reading each draft again inside it: under the write lock nobody
    // can change a draft between this read and the update, and a draft a reviewer decided since the
    // page was read is simply no longer pending.
    private int recheck(List<String> ids, String version, boolean all, Actor actor) {
        return unitOfWork.write(w -> {
            int changed = 0;
            for (QueuedDraft q : store.findAll(ids)) {
                if (q.status() != ReviewStatus.PENDING) {
                    continue;
                }
                PolicyDecision decision = preview(q, q.subject(), q.body());
                if (all && q.decision().policyVersion().equals(version) && sameFindings(decision.findings(), q.decision().findings())) {
                    continue;
                }
                QueuedDraft updated = q.withDecision(decision, clock.instant());
                store.update(updated, List.of(DraftEvents.evaluated(updated, actor)));
                if (decision.decision() != q.decision().decision() || !sameFindings(decision.findings(), q.decision().findings())) {
                    changed++;
                }
            }
            return changed;
        });
    }

    // Approving contacts the lead: other pending drafts to the same lead may now fall inside the
    // re-contact window, so their decisions are refreshed at once rather than at their own approval.
    private void recheckSameLead(QueuedDraft approved, Actor actor) {
        recheckSameLead(approved, actor, new java.util.HashSet<>());
    }

    private void recheckSameLead(QueuedDraft approved, Actor actor, java.util.Set<String> touched) {
        for (QueuedDraft other : store.pendingToSamePerson(approved.draft().lead())) {
            if (other.id().equals(approved.id())) {
                continue;
            }
            PolicyDecision decision = preview(other, other.subject(), other.body());
            if (!sameFindings(decision.findings(), other.decision().findings())) {
                QueuedDraft updated = other.withDecision(decision, clock.instant());
                store.update(updated, List.of(DraftEvents.evaluated(updated, actor)));
                touched.add(updated.id());
            }
        }
    }

    private QueuedDraft pending(String draftId) {
        return pending(store.find(draftId).orElseThrow(() -> new ReviewException("No draft with id " + draftId)));
    }

    private static QueuedDraft pending(QueuedDraft q) {
        if (q.status() != ReviewStatus.PENDING) {
            throw new ReviewException("Draft " + q.id() + " is already " + q.status().wireName()
                    + (q.decidedBy().isEmpty() ? "" : " by " + q.decidedBy()));
        }
        return q;
    }

    private static String requireReviewer(String reviewer) {
        if (reviewer == null || reviewer.isBlank()) {
            throw new ReviewException("A named reviewer is required for every decision");
        }
        return reviewer.strip();
    }
}
