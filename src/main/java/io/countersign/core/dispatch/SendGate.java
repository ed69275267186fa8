package io.countersign.core.dispatch;

import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.review.QueuedDraft;
import java.util.List;

/**
 * Default-deny for sending (the blueprint's send_message action): a message may leave only when a
 * named human approved it and its text carries no blocking finding. Channel adapters must ask this
 * gate before every send; there is no auto-send rule yet, so nothing bypasses human approval.
 */
public final class SendGate {

    private SendGate() {
    }

    public static PolicyDecision evaluateSend(QueuedDraft q) {
        String version = q.decision().policyVersion();
        if (q.decision().isBlocked()) {
            return new PolicyDecision(Decision.BLOCK, q.decision().reasons(), q.decision().findings(), version);
        }
        if (q.status() == ReviewStatus.APPROVED && !q.decidedBy().isBlank()) {
            return new PolicyDecision(Decision.ALLOW, List.of(), q.decision().findings(), version);
        }
        String why = q.status() == ReviewStatus.REJECTED
                ? "Rejected by " + q.decidedBy() + ": " + q.rejectReason()
                : "Sending requires approval by a named human";
        return new PolicyDecision(q.status() == ReviewStatus.REJECTED ? Decision.BLOCK : Decision.REQUIRE_APPROVAL,
                List.of(why), q.decision().findings(), version);
    }
}
