package io.countersign.core.review;

import io.countersign.core.audit.AuditEvent;
import io.countersign.core.draft.ReviewStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where queued drafts live. Every write carries the audit events that describe it and stores both
 * in one transaction: a state change without its audit entry cannot exist.
 */
public interface DraftStore {

    Optional<QueuedDraft> find(String id);

    /** Every draft, oldest first. */
    List<QueuedDraft> all();

    Map<ReviewStatus, Long> countByStatus();

    /** Pending drafts to the same person: same lead id, email or LinkedIn profile (normalized). */
    List<QueuedDraft> pendingToSamePerson(io.countersign.core.draft.Lead lead);

    /**
     * Inserts drafts whose id is not stored yet, each with its audit events, in one transaction.
     *
     * @return the ids that were already present and so left untouched
     */
    List<String> insertNew(List<QueuedDraft> drafts, Function<QueuedDraft, List<AuditEvent>> eventsFor);

    /**
     * Stores a new state of an existing draft whose stored revision is {@code updated.revision() - 1}.
     *
     * @throws ConcurrentChangeException if someone else changed the draft in between
     */
    void update(QueuedDraft updated, List<AuditEvent> events);

    /** Thrown when a draft changed under the caller; nothing was written. */
    final class ConcurrentChangeException extends RuntimeException {
        public ConcurrentChangeException(String draftId) {
            super("Draft " + draftId + " was changed by someone else; reload it and try again");
        }
    }
}
