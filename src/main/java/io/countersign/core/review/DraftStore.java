package io.countersign.core.review;

import io.countersign.core.audit.AuditEvent;
import io.countersign.core.draft.ReviewStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where queued drafts live. Every write carries the audit events that describe it and stores both
 * through the workspace's unit of work: a state change without its audit entry cannot exist. Reads
 * stream in pages; nothing here needs every draft in memory at once.
 */
public interface DraftStore {

    Optional<QueuedDraft> find(String id);

    /** The drafts with these ids that exist, oldest first. */
    List<QueuedDraft> findAll(Collection<String> ids);

    /**
     * Streams the drafts the query selects, oldest first, a page at a time (each page read afresh,
     * so {@code each} may write to the store while this runs); stops when {@code each} returns false.
     */
    void forEach(DraftQuery query, Predicate<QueuedDraft> each);

    /** Every draft, oldest first, in one list: only for small workspaces (tests, the demo). */
    default List<QueuedDraft> all() {
        List<QueuedDraft> out = new ArrayList<>();
        forEach(DraftQuery.ALL, out::add);
        return out;
    }

    Map<ReviewStatus, Long> countByStatus();

    /**
     * Streams the queue's rows (no documents parsed), oldest first, a page at a time; stops when
     * {@code each} returns false.
     */
    void forEachRow(DraftQuery query, Predicate<QueueRow> each);

    /** The rows of these drafts that exist (after a change), oldest first. */
    List<QueueRow> rows(Collection<String> ids);

    /** Pending drafts to the same person: same lead id, email or LinkedIn profile (normalized). */
    List<QueuedDraft> pendingToSamePerson(io.countersign.core.draft.Lead lead);

    /**
     * Inserts drafts whose id is not stored yet, each with its audit events, in one unit of work
     * (joining the caller's, if one is open).
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
