package io.countersign.core.contact;

import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.Optional;

/** Who has already been contacted: drafts approved for sending, by any identity on any channel. */
public interface ContactHistory {

    /** An earlier approved message to this lead. */
    record Contact(String draftId, String identityId, String channel, Instant at) {
    }

    /** The most recent contact with the lead (same lead id, email or LinkedIn URL) at or after {@code since}, other than {@code draftId}. */
    Optional<Contact> lastContact(Lead lead, Instant since, String excludingDraftId);

    ContactHistory NONE = (lead, since, excluding) -> Optional.empty();
}
