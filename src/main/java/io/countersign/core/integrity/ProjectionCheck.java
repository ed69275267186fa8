package io.countersign.core.integrity;

import io.countersign.core.audit.AuditLog;
import io.countersign.core.contact.DoNotContactService;
import io.countersign.core.policy.PolicyActivation;
import io.countersign.core.review.DraftProjection;
import io.countersign.core.review.DraftStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the app keeps beside the log must follow from it: the draft table's decisions, the
 * do-not-contact list and the kept policy copies. Run after the log itself verifies (by
 * {@code audit verify} and the console's Verify); each problem names what differs.
 */
public final class ProjectionCheck {

    private final AuditLog log;
    private final DraftStore drafts;
    private final DoNotContactService doNotContact;
    private final PolicyActivation policies;
    private final io.countersign.core.store.UnitOfWork unitOfWork;

    public ProjectionCheck(AuditLog log, DraftStore drafts, DoNotContactService doNotContact, PolicyActivation policies,
                           io.countersign.core.store.UnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.log = Objects.requireNonNull(log);
        this.drafts = Objects.requireNonNull(drafts);
        this.doNotContact = Objects.requireNonNull(doNotContact);
        this.policies = Objects.requireNonNull(policies);
    }

    /**
     * Compares the stores with the log as of one moment: no write commits while it runs (in the
     * console, approvals and the sender wait for it), so a decision made meanwhile is not a difference.
     */
    public List<String> problems() {
        return unitOfWork.readConsistent(() -> {
            List<String> out = new ArrayList<>(policies.verifyArchive());
            out.addAll(doNotContact.verifyAgainst(log));
            out.addAll(DraftProjection.verify(log, drafts));
            return out;
        });
    }
}
