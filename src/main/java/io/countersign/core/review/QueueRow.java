package io.countersign.core.review;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import java.time.Instant;

/**
 * One line of the review queue: what the list shows, filters and searches on, read from columns
 * without parsing a draft's stored document or findings. The whole draft is read by id when a
 * reviewer opens it, so a queue of 100,000 drafts costs rows, not documents.
 *
 * @param revision the stored revision, so a screen can tell a newer state from the one it shows
 */
public record QueueRow(String id, Channel channel, String identityId, String leadName, String company, String campaign,
                       Decision decision, ReviewStatus status, Instant createdAt, String subject, String body, int revision) {

    /** The row of a draft in memory (after a change), the same as reading it back from the store. */
    public static QueueRow of(QueuedDraft q) {
        return new QueueRow(q.id(), q.draft().channel(), q.draft().identityId(), q.draft().lead().displayName(),
                q.draft().lead().company() == null ? "" : q.draft().lead().company(), q.draft().campaign(),
                q.decision().decision(), q.status(), q.draft().createdAt(), q.subject(), q.body(), q.revision());
    }
}
