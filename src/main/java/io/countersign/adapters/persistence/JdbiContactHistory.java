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

    /**
     * One query per 500 keys instead of one per draft: an import of 20,000 drafts asked H2 20,000
     * times (≈ 1 ms each on the evaluation threads) whether their leads had been contacted.
     */
    @Override
    public ContactHistory snapshotFor(java.util.Collection<Lead> leads) {
        java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
        for (Lead lead : leads) {
            wanted.addAll(keys(lead.id(), LeadKeys.email(lead.email()), LeadKeys.linkedin(lead.profileUrl())));
        }
        java.util.Map<String, List<Contact>> byKey = new java.util.HashMap<>();
        List<String> all = new ArrayList<>(wanted);
        for (int i = 0; i < all.size(); i += 500) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
            uow.read(h -> h.createQuery("SELECT lead_key, draft_id, identity_id, channel, at_ms FROM contact WHERE lead_key IN (<keys>)")
                    .bindList("keys", chunk)
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("lead_key"), new Contact(rs.getString("draft_id"),
                            rs.getString("identity_id"), rs.getString("channel"), Instant.ofEpochMilli(rs.getLong("at_ms")))))
                    .list()).forEach(e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        return new Snapshot(wanted, byKey, this);
    }

    /** Contacts of known keys in memory; a lead with a key outside them is asked of the database. */
    private record Snapshot(java.util.Set<String> covered, java.util.Map<String, List<Contact>> byKey,
                            ContactHistory live) implements ContactHistory {
        @Override
        public Optional<Contact> lastContact(Lead lead, Instant since, Instant until, String excludingDraftId) {
            List<String> keys = keys(lead.id(), LeadKeys.email(lead.email()), LeadKeys.linkedin(lead.profileUrl()));
            if (!covered.containsAll(keys)) {
                return live.lastContact(lead, since, until, excludingDraftId);
            }
            long from = since.toEpochMilli();
            long to = until.equals(Instant.MAX) ? Long.MAX_VALUE : until.toEpochMilli();
            Contact best = null;
            for (String key : keys) {
                for (Contact c : byKey.getOrDefault(key, List.of())) {
                    long at = c.at().toEpochMilli();
                    if (at >= from && at <= to && !c.draftId().equals(excludingDraftId == null ? "" : excludingDraftId)
                            && (best == null || at > best.at().toEpochMilli())) {
                        best = c;
                    }
                }
            }
            return Optional.ofNullable(best);
        }
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
