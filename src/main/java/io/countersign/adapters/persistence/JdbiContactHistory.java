package io.countersign.adapters.persistence;

import io.countersign.core.contact.ContactHistory;
import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Contact history from approved drafts: any identity, any channel, matched by lead id, email or LinkedIn URL. */
public final class JdbiContactHistory implements ContactHistory {

    private final JdbiUnitOfWork uow;

    JdbiContactHistory(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    @Override
    public Optional<Contact> lastContact(Lead lead, Instant since, Instant until, String excludingDraftId) {
        List<String> keys = keys(lead.id(), LeadKeys.email(lead.email()), LeadKeys.linkedin(lead.profileUrl()));
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return uow.read(h -> h.createQuery("SELECT draft_id, identity_id, channel, at_ms FROM contact "
                        + "WHERE lead_key IN (<keys>) AND draft_id <> :id AND at_ms >= :since AND at_ms <= :until "
                        + "ORDER BY at_ms DESC LIMIT 1")
                .bindList("keys", keys)
                .bind("id", excludingDraftId == null ? "" : excludingDraftId)
                .bind("since", since.toEpochMilli())
                .bind("until", until.equals(Instant.MAX) ? Long.MAX_VALUE : until.toEpochMilli())
                .map((rs, ctx) -> new Contact(rs.getString("draft_id"), rs.getString("identity_id"), rs.getString("channel"),
                        Instant.ofEpochMilli(rs.getLong("at_ms"))))
                .findOne());
    }

    /** The contact-table keys of a lead: {@code id:…}, {@code email:…}, {@code linkedin:…} (normalized, non-empty). */
    static List<String> keys(String leadId, String email, String linkedin) {
        List<String> keys = new ArrayList<>(3);
        if (leadId != null && !leadId.isEmpty()) {
            keys.add("id:" + leadId);
        }
        if (email != null && !email.isEmpty()) {
            keys.add("email:" + email);
        }
        if (linkedin != null && !linkedin.isEmpty()) {
            keys.add("linkedin:" + linkedin);
        }
        return keys;
    }

    /** Inside the unit of work that approves a draft: it is now a contact with its lead. */
    void recordApproval(org.jdbi.v3.core.Handle h, io.countersign.core.review.QueuedDraft approved) {
        var lead = approved.draft().lead();
        var batch = h.prepareBatch("INSERT INTO contact (lead_key, draft_id, identity_id, channel, at_ms) "
                + "VALUES (:key, :draft, :identity, :channel, :at)");
        for (String key : keys(lead.id(), LeadKeys.email(lead.email()), LeadKeys.linkedin(lead.profileUrl()))) {
            batch.bind("key", key).bind("draft", approved.id()).bind("identity", approved.draft().identityId())
                    .bind("channel", approved.draft().channel().wireName()).bind("at", approved.updatedAt().toEpochMilli())
                    .add();
        }
        batch.execute();
    }
}
