package io.countersign.core.review;

import io.countersign.core.draft.Draft;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.PolicyDecision;
import java.time.Instant;
import java.util.Objects;

/**
 * A draft in the review queue: the original as the agent wrote it, the text as it stands now
 * (after any reviewer edits), the policy decision on that text and the review outcome.
 *
 * @param decidedBy  the named human who approved or rejected it; empty while pending
 * @param revision   increases with every stored change, so concurrent writers cannot overwrite each other
 */
public record QueuedDraft(Draft draft, String subject, String body, PolicyDecision decision,
                          ReviewStatus status, String decidedBy, String rejectReason,
                          Instant updatedAt, int revision) {

    public QueuedDraft {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        decidedBy = decidedBy == null ? "" : decidedBy;
        rejectReason = rejectReason == null ? "" : rejectReason;
    }

    public static QueuedDraft fresh(Draft draft, PolicyDecision decision, Instant now) {
        return new QueuedDraft(draft, draft.subject(), draft.content(), decision, ReviewStatus.PENDING, "", "", now, 0);
    }

    public String id() {
        return draft.id();
    }


    QueuedDraft withText(String newSubject, String newBody, PolicyDecision newDecision, Instant now) {
        return new QueuedDraft(draft, newSubject, newBody, newDecision, status, decidedBy, rejectReason, now, revision + 1);
    }

    QueuedDraft withDecision(PolicyDecision newDecision, Instant now) {
        return new QueuedDraft(draft, subject, body, newDecision, status, decidedBy, rejectReason, now, revision + 1);
    }

    QueuedDraft decided(ReviewStatus newStatus, PolicyDecision finalDecision, String reviewer, String reason, Instant now) {
        return new QueuedDraft(draft, subject, body, finalDecision, newStatus, reviewer, reason, now, revision + 1);
    }

    /**
     * How the draft will look once a decision on it is stored: what a screen shows at once while the
     * decision is confirmed in the background (nothing is stored by this).
     */
    public QueuedDraft expectedAfter(ReviewStatus newStatus, String reviewer, String reason, Instant now) {
        return decided(newStatus, decision, reviewer, reason, now);
    }
}
