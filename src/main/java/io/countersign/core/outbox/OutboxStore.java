package io.countersign.core.outbox;

import io.countersign.core.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the outbox, each identity's counters and pace, and the workspace switches are kept. Writes
 * must run inside the workspace's {@link io.countersign.core.store.UnitOfWork}, so a state change,
 * the counter it takes and its audit event commit together.
 */
public interface OutboxStore {

    /** Stores a new entry (its id is assigned here) and the audit event made from the stored entry (none when it makes null). */
    OutboxEntry insert(OutboxEntry entry, java.util.function.Function<OutboxEntry, AuditEvent> event);

    /** {@link #insert} for many entries at once, in order; returns them with their ids. */
    List<OutboxEntry> insertAll(List<OutboxEntry> entries, java.util.function.Function<OutboxEntry, AuditEvent> event);

    /** Stores a changed entry; {@code event} may be null for changes not worth an audit entry (a gap wait). */
    void update(OutboxEntry entry, AuditEvent event);

    Optional<OutboxEntry> find(long id);

    /** Newest first; {@code state} null for every state. */
    List<OutboxEntry> list(OutboxState state, String identityId, int offset, int limit);

    Map<OutboxState, Integer> counts();

    /**
     * The ids of the scheduled entries due at {@code now}, oldest due first, leaving out identities
     * sent by hand and identities that have a message in SENDING (one in flight per identity); the
     * caller reads each as it needs it.
     */
    List<Long> dueIds(Instant now, int limit);

    /** When the next scheduled entry is due, if any is scheduled. */
    Optional<Instant> nextDue();

    List<OutboxEntry> inState(OutboxState state, int limit);

    /** The latest entry for a draft, if it has one. */
    Optional<OutboxEntry> latestFor(String draftId);

    /**
     * Drafts whose status column says approved and that have no outbox entry other than cancelled
     * ones: candidates only; the gate checks each against the audit log. Read in pages: pass the
     * previous page's {@code next} (null for the first), so a long walk reads each draft once.
     */
    Candidates approvedWithoutEntry(String after, int limit);

    /** A page of candidates and where the next page starts (null when this was the last). */
    record Candidates(List<Candidate> rows, String next) {
        public List<String> ids() {
            return rows.stream().map(Candidate::draftId).toList();
        }
    }

    /**
     * What scheduling needs of an approved draft, read with the page (not the whole document):
     * who sends it, to whom, and the lead's company for the per-company cap.
     */
    record Candidate(String draftId, String identityId, io.countersign.core.draft.Channel channel, String leadId,
                     String email, String profileUrl, String company) {

        /** The lead's email for an email draft, its profile URL for a LinkedIn one; "" when it has none. */
        public String recipient() {
            String r = io.countersign.core.review.DraftEvents.recipient(channel, email, profileUrl);
            return r == null ? "" : r;
        }

        public static Candidate of(io.countersign.core.review.QueuedDraft q) {
            io.countersign.core.draft.Lead lead = q.draft().lead();
            return new Candidate(q.id(), q.draft().identityId(), q.draft().channel(), lead.id(), lead.email(),
                    lead.profileUrl(), lead.company());
        }
    }

    /** Messages an identity has used (sent, being sent, or of unknown outcome) for an action on a day (yyyy-MM-dd). */
    int used(String identityId, String action, String day);

    /** Adds {@code delta} (negative to give one back) to that counter. */
    void take(String identityId, String action, String day, int delta);

    /** Sum of used over days, for windows longer than one day. */
    int usedBetween(String identityId, String action, String fromDay, String toDay);

    /** Messages to one company on a day, across every identity. */
    int sentToCompany(String company, Instant from, Instant to);

    Optional<Instant> nextAllowed(String identityId);

    void setNextAllowed(String identityId, Instant at);

    /** Marks a sent message as bounced hard: it then counts as a failure among the identity's recent outcomes. */
    void markBounced(long entryId);

    /** The states of an identity's most recent finished attempts (sent or failed; a hard-bounced send as failed), newest first. */
    List<OutboxState> recentOutcomes(String identityId, int limit);

    /** An identity's messages sent, being sent or of unknown outcome since {@code since}, and the oldest of their times. */
    record Recent(int count, Instant oldest) {
    }

    Recent sentSince(String identityId, Instant since);

    /** Everything an identity used on a local day, every kind of message together. */
    int usedAll(String identityId, String day);

    /** The identities of an owner: id and timezone id. */
    List<Map.Entry<String, String>> identitiesOf(String owner);

    /** A shared daily budget for all of an owner's identities, if one is set. */
    Optional<Integer> ownerBudget(String owner);

    /** Sets (daily > 0) or removes (daily = 0) an owner's shared budget, with its audit event. */
    void setOwnerBudget(String owner, int daily, String by, Instant at, AuditEvent event);

    /** How many of an identity's messages are scheduled (waiting to go). */
    int countScheduled(String identityId);

    /** The entry whose message carried this Message-ID, if any. */
    Optional<OutboxEntry> byMessageId(String messageId);

    /** Whether an inbound message (bounce, reply) was processed before. */
    boolean seenInbound(String key);

    /** Marks an inbound message as processed, with its audit event (null when it concerned nothing we sent). */
    void markInbound(String key, AuditEvent event);

    List<AutoSendRule> autoSendRules();

    void insertRule(AutoSendRule rule, AuditEvent event);

    /** @return false when there was no such rule */
    boolean deleteRule(String id, AuditEvent event);

    /** A workspace switch that is on: since when, why, by whom. */
    record Switch(String name, Instant since, String reason, String by) {
    }

    Optional<Switch> workspaceSwitch(String name);

    void setSwitch(String name, Switch on, AuditEvent event);
}
