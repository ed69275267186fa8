package io.countersign.core.review;

import io.countersign.core.draft.ReviewStatus;
import java.time.Instant;

/**
 * Which drafts a streamed read returns, oldest first.
 *
 * @param status           only drafts in this state (null: any)
 * @param notPolicyVersion only drafts last evaluated under another policy version (null: any)
 * @param createdSince     only drafts created at or after this instant (null: any)
 */
public record DraftQuery(ReviewStatus status, String notPolicyVersion, Instant createdSince) {

    public static final DraftQuery ALL = new DraftQuery(null, null, null);

    public static DraftQuery withStatus(ReviewStatus status) {
        return new DraftQuery(status, null, null);
    }

    public DraftQuery evaluatedUnder(String otherThan) {
        return new DraftQuery(status, otherThan, createdSince);
    }

    public DraftQuery since(Instant since) {
        return new DraftQuery(status, notPolicyVersion, since);
    }
}
