package io.countersign.adapters.persistence;

import io.countersign.core.contact.ContactHistory;
import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.Optional;

/** Contact history from approved drafts: any identity, any channel, matched by lead id, email or LinkedIn URL. */
public final class JdbiContactHistory implements ContactHistory {

    private final JdbiUnitOfWork uow;

    JdbiContactHistory(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    @Override
    public Optional<Contact> lastContact(Lead lead, Instant since, Instant until, String excludingDraftId) {
        return uow.read(h -> h.createQuery("SELECT id, identity_id, channel, updated_ms FROM draft "
                        + "WHERE status = 'APPROVED' AND id <> :id AND updated_ms >= :since AND updated_ms <= :until "
                        + "AND (lead_id = :leadId OR lead_email = :email OR lead_linkedin = :linkedin) "
                        + "ORDER BY updated_ms DESC LIMIT 1")
                .bind("id", excludingDraftId == null ? "" : excludingDraftId)
                .bind("since", since.toEpochMilli())
                .bind("until", until.equals(Instant.MAX) ? Long.MAX_VALUE : until.toEpochMilli())
                .bind("leadId", lead.id())
                .bind("email", LeadKeys.email(lead.email()))
                .bind("linkedin", LeadKeys.linkedin(lead.profileUrl()))
                .map((rs, ctx) -> new Contact(rs.getString("id"), rs.getString("identity_id"), rs.getString("channel"),
                        Instant.ofEpochMilli(rs.getLong("updated_ms"))))
                .findOne());
    }
}
