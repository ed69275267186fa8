package io.countersign.adapters.persistence;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftCodec;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.QueuedDraft;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Drafts in H2. Every write appends its audit events in the same transaction. */
public final class JdbiDraftStore implements DraftStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Jdbi jdbi;
    private final JdbiAuditLog audit;
    private final Object writeLock;

    JdbiDraftStore(Jdbi jdbi, JdbiAuditLog audit, Object writeLock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.writeLock = writeLock;
    }

    @Override
    public Optional<QueuedDraft> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM draft WHERE id = :id").bind("id", id)
                .map(JdbiDraftStore::map).findOne());
    }

    @Override
    public List<QueuedDraft> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM draft ORDER BY created_at, insert_order")
                .map(JdbiDraftStore::map).list());
    }

    @Override
    public List<QueuedDraft> pendingToSamePerson(io.countersign.core.draft.Lead lead) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM draft WHERE status = 'PENDING' "
                        + "AND (lead_id = :leadId OR lead_email = :email OR lead_linkedin = :linkedin) "
                        + "ORDER BY created_at, insert_order")
                .bind("leadId", lead.id()).bind("email", LeadKeys.email(lead.email()))
                .bind("linkedin", LeadKeys.linkedin(lead.profileUrl()))
                .map(JdbiDraftStore::map).list());
    }

    @Override
    public Map<ReviewStatus, Long> countByStatus() {
        Map<ReviewStatus, Long> counts = new EnumMap<>(ReviewStatus.class);
        for (ReviewStatus s : ReviewStatus.values()) {
            counts.put(s, 0L);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM draft GROUP BY status")
                .map((rs, ctx) -> Map.entry(ReviewStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    @Override
    public List<String> insertNew(List<QueuedDraft> drafts, Function<QueuedDraft, List<AuditEvent>> eventsFor) {
        synchronized (writeLock) {
            List<String> present = new ArrayList<>();
            JdbiAuditLog.Tail tail = jdbi.inTransaction(h -> {
                Set<String> existing = new HashSet<>(h.createQuery("SELECT id FROM draft").mapTo(String.class).list());
                List<AuditEvent> events = new ArrayList<>();
                for (QueuedDraft q : drafts) {
                    if (existing.contains(q.id())) {
                        present.add(q.id());
                        continue;
                    }
                    insert(h, q);
                    events.addAll(eventsFor.apply(q));
                }
                return audit.appendWithin(h, events, new ArrayList<AuditEntry>());
            });
            audit.confirm(tail);
            return present;
        }
    }

    @Override
    public void update(QueuedDraft updated, List<AuditEvent> events) {
        synchronized (writeLock) {
            JdbiAuditLog.Tail tail = jdbi.inTransaction(h -> {
                int rows = h.createUpdate("UPDATE draft SET subject = :subject, body = :body, decision = :decision, "
                                + "decision_doc = :decisionDoc, policy_version = :policyVersion, status = :status, "
                                + "decided_by = :decidedBy, reject_reason = :rejectReason, updated_at = :updatedAt, "
                                + "updated_ms = :updatedMs, revision = :revision WHERE id = :id AND revision = :expected")
                        .bind("subject", updated.subject()).bind("body", updated.body())
                        .bind("decision", updated.decision().decision().wireName())
                        .bind("decisionDoc", json(updated.decision()))
                        .bind("policyVersion", updated.decision().policyVersion())
                        .bind("status", updated.status().name()).bind("decidedBy", updated.decidedBy())
                        .bind("rejectReason", updated.rejectReason()).bind("updatedAt", updated.updatedAt().toString())
                        .bind("updatedMs", updated.updatedAt().toEpochMilli())
                        .bind("revision", updated.revision()).bind("id", updated.id())
                        .bind("expected", updated.revision() - 1)
                        .execute();
                if (rows != 1) {
                    throw new ConcurrentChangeException(updated.id());
                }
                return audit.appendWithin(h, events, new ArrayList<>());
            });
            audit.confirm(tail);
        }
    }

    private static void insert(Handle h, QueuedDraft q) {
        h.createUpdate("INSERT INTO draft (id, channel, identity_id, campaign, created_at, doc, subject, body, decision, "
                        + "decision_doc, policy_version, status, decided_by, reject_reason, updated_at, revision, lead_id, "
                        + "lead_email, lead_linkedin, updated_ms) VALUES "
                        + "(:id, :channel, :identity, :campaign, :createdAt, :doc, :subject, :body, :decision, :decisionDoc, "
                        + ":policyVersion, :status, :decidedBy, :rejectReason, :updatedAt, :revision, :leadId, :leadEmail, "
                        + ":leadLinkedin, :updatedMs)")
                .bind("id", q.id()).bind("channel", q.draft().channel().wireName())
                .bind("identity", q.draft().identityId()).bind("campaign", q.draft().campaign())
                .bind("createdAt", q.draft().createdAt().toString())
                .bind("doc", DraftCodec.toJson(q.draft()).toString())
                .bind("subject", q.subject()).bind("body", q.body())
                .bind("decision", q.decision().decision().wireName()).bind("decisionDoc", json(q.decision()))
                .bind("policyVersion", q.decision().policyVersion()).bind("status", q.status().name())
                .bind("decidedBy", q.decidedBy()).bind("rejectReason", q.rejectReason())
                .bind("updatedAt", q.updatedAt().toString()).bind("revision", q.revision())
                .bind("leadId", q.draft().lead().id()).bind("leadEmail", LeadKeys.email(q.draft().lead().email()))
                .bind("leadLinkedin", LeadKeys.linkedin(q.draft().lead().profileUrl()))
                .bind("updatedMs", q.updatedAt().toEpochMilli())
                .execute();
    }

    private static QueuedDraft map(ResultSet rs, StatementContext ctx) throws SQLException {
        try {
            return new QueuedDraft(
                    DraftCodec.fromStored(JSON.readTree(rs.getString("doc"))),
                    rs.getString("subject"), rs.getString("body"),
                    JSON.readValue(rs.getString("decision_doc"), PolicyDecision.class),
                    ReviewStatus.valueOf(rs.getString("status")), rs.getString("decided_by"),
                    rs.getString("reject_reason"), Instant.parse(rs.getString("updated_at")), rs.getInt("revision"));
        } catch (JsonProcessingException e) {
            throw new SQLException("draft " + rs.getString("id") + " has an unreadable stored document", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
