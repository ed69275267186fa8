package io.countersign.core.contact;

import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.Optional;


/** Who has already been contacted: drafts approved for sending, by any identity on any channel. */
public interface ContactHistory {

    /** An earlier approved message to this lead. */
    record Contact(String draftId, String identityId, String channel, Instant at) {
    }

    /**
     * The most recent contact with the lead (same lead id, email or LinkedIn URL) from {@code since}
     * to {@code until}, both included, other than {@code excludingDraftId}. The upper bound lets a
     * past decision be replayed with the history as it stood then.
     */
    Optional<Contact> lastContact(Lead lead, Instant since, Instant until, String excludingDraftId);

    /**
     * The history of these leads read at once, for evaluating a batch of their drafts: each
     * {@link #lastContact} for one of them is then answered from memory, the others as before.
     * Answers are the same as this history's at the moment of the call.
     */
    default ContactHistory snapshotFor(java.util.Collection<Lead> leads) {
        return this;
    }

    ContactHistory NONE = (lead, since, until, excluding) -> Optional.empty();
}
