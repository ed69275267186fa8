package io.countersign.adapters.persistence;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.events.Change;
import io.countersign.core.review.DraftQuery;
import io.countersign.core.review.QueueRow;
import java.util.Collection;
import java.util.function.Predicate;
import org.jdbi.v3.core.statement.PreparedBatch;
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
import org.jdbi.v3.core.statement.StatementContext;

/** Drafts in H2. Every write runs in the workspace unit of work, with its audit events; reads go by pages. */
public final class JdbiDraftStore implements DraftStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final int PAGE = 500;

    private final JdbiUnitOfWork uow;
    private final JdbiContactHistory contacts;

    JdbiDraftStore(JdbiUnitOfWork uow, JdbiContactHistory contacts) {
        this.uow = uow;
        this.contacts = contacts;
    }

    @Override
    public Optional<QueuedDraft> find(String id) {
        return uow.read(h -> h.createQuery("SELECT * FROM draft WHERE id = :id").bind("id", id)
                .map(JdbiDraftStore::map).findOne());
    }

    @Override
    public List<QueuedDraft> findAll(Collection<String> ids) {
        return byIds(ids, "*", JdbiDraftStore::map, q -> q.draft().createdAt());
    }

    /** Reads by id in chunks of {@link #PAGE} (one IN list each), oldest first. */
    private <T> List<T> byIds(Collection<String> ids, String columns, org.jdbi.v3.core.mapper.RowMapper<T> mapper,
                              Function<T, Instant> created) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(ids.size());
        List<String> list = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        for (int i = 0; i < list.size(); i += PAGE) {
            List<String> chunk = list.subList(i, Math.min(list.size(), i + PAGE));
            out.addAll(uow.read(h -> h.createQuery("SELECT " + columns + " FROM draft WHERE id IN (<ids>)")
                    .bindList("ids", chunk).map(mapper).list()));
        }
        out.sort(java.util.Comparator.comparing(created));
        return out;
    }

    @Override
    public void forEach(DraftQuery query, Predicate<QueuedDraft> each) {
        forEachPage(query, "*", (rs, ctx) -> map(rs, ctx), each);
    }

    private static final String ROW_COLUMNS = "id, channel, identity_id, lead_name, lead_company, campaign, decision, "
            + "status, created_at, subject, body, revision, insert_order";

    @Override
    public void forEachRow(DraftQuery query, Predicate<QueueRow> each) {
        forEachPage(query, ROW_COLUMNS, JdbiDraftStore::mapRow, each);
    }

    @Override
    public List<QueueRow> rows(Collection<String> ids) {
        return byIds(ids, ROW_COLUMNS, JdbiDraftStore::mapRow, QueueRow::createdAt);
    }

    private static QueueRow mapRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new QueueRow(rs.getString("id"),
                io.countersign.core.draft.Channel.fromWireName(rs.getString("channel")).orElseThrow(),
                rs.getString("identity_id"), nullToEmpty(rs.getString("lead_name")), nullToEmpty(rs.getString("lead_company")),
                rs.getString("campaign"), io.countersign.core.policy.Decision.fromWireName(rs.getString("decision")),
                ReviewStatus.valueOf(rs.getString("status")), Instant.parse(rs.getString("created_at")),
                rs.getString("subject"), rs.getString("body"), rs.getInt("revision"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private <T> void forEachPage(DraftQuery query, String columns, org.jdbi.v3.core.mapper.RowMapper<T> mapper,
                                 Predicate<T> each) {
        String afterCreated = null;
        long afterOrder = -1;
        while (true) {
            StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM draft WHERE 1 = 1");
            if (query.status() != null) {
                sql.append(" AND status = :status");
            }
            if (query.notPolicyVersion() != null) {
                sql.append(" AND policy_version <> :version");
            }
            if (query.createdSince() != null) {
                sql.append(" AND created_at >= :since");
            }
            if (afterCreated != null) {
                sql.append(" AND (created_at, insert_order) > (:afterCreated, :afterOrder)");
            }
            // "status" leads the ORDER BY when it is filtered on: only then does H2 see that the
            // draft_status_order index is already in this order and stop after one page (1.7 s -> 40 ms
            // for the first page of 80,000 pending drafts).
            sql.append(query.status() != null ? " ORDER BY status, created_at, insert_order LIMIT "
                    : " ORDER BY created_at, insert_order LIMIT ").append(PAGE);
            String ac = afterCreated;
            long ao = afterOrder;
            List<Row<T>> page = uow.read(h -> {
                var q = h.createQuery(sql.toString());
                if (query.status() != null) {
                    q.bind("status", query.status().name());
                }
                if (query.notPolicyVersion() != null) {
                    q.bind("version", query.notPolicyVersion());
                }
                if (query.createdSince() != null) {
                    q.bind("since", query.createdSince().toString());
                }
                if (ac != null) {
                    q.bind("afterCreated", ac).bind("afterOrder", ao);
                }
                return q.map((rs, ctx) -> new Row<>(mapper.map(rs, ctx), rs.getString("created_at"), rs.getLong("insert_order"))).list();
            });
            for (Row<T> r : page) {
                if (!each.test(r.item())) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            afterCreated = page.get(page.size() - 1).createdAt();
            afterOrder = page.get(page.size() - 1).order();
        }
    }

    private record Row<T>(T item, String createdAt, long order) {
    }

    @Override
    public List<QueuedDraft> pendingToSamePerson(io.countersign.core.draft.Lead lead) {
        // One indexed lookup per key the lead has: "a OR b OR c" made H2 scan every draft, so a
        // bulk approval of 10,000 drafts in a 100,000-draft workspace never finished.
        List<QueuedDraft> out = new ArrayList<>();
        Predicate<QueuedDraft> distinct = distinctIds();
        for (String[] key : new String[][]{{"lead_id", lead.id()}, {"lead_email", LeadKeys.email(lead.email())},
                {"lead_linkedin", LeadKeys.linkedin(lead.profileUrl())}}) {
            if (key[1] == null || key[1].isEmpty()) {
                continue;
            }
            uow.read(h -> h.createQuery("SELECT * FROM draft WHERE " + key[0] + " = :value AND status = 'PENDING'")
                    .bind("value", key[1]).map(JdbiDraftStore::map).list()).stream().filter(distinct).forEach(out::add);
        }
        out.sort(java.util.Comparator.comparing((QueuedDraft q) -> q.draft().createdAt()));
        return out;
    }

    private static Predicate<QueuedDraft> distinctIds() {
        Set<String> seen = new HashSet<>();
        return q -> seen.add(q.id()); // a draft matching by two keys comes back twice from UNION ALL
    }

    @Override
    public Map<ReviewStatus, Long> countByStatus() {
        Map<ReviewStatus, Long> counts = new EnumMap<>(ReviewStatus.class);
        for (ReviewStatus s : ReviewStatus.values()) {
            counts.put(s, 0L);
        }
        uow.read(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM draft GROUP BY status")
                .map((rs, ctx) -> Map.entry(ReviewStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list()).forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @Override
    public List<String> insertNew(List<QueuedDraft> drafts, Function<QueuedDraft, List<AuditEvent>> eventsFor) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        return uow.write(w -> {
            Handle h = uow.handle();
            Set<String> existing = new HashSet<>();
            for (int i = 0; i < drafts.size(); i += PAGE) {
                List<String> chunk = drafts.subList(i, Math.min(drafts.size(), i + PAGE)).stream().map(QueuedDraft::id).toList();
                existing.addAll(h.createQuery("SELECT id FROM draft WHERE id IN (<ids>)").bindList("ids", chunk)
                        .mapTo(String.class).list());
            }
            List<String> present = new ArrayList<>();
            Set<String> added = new java.util.LinkedHashSet<>();
            PreparedBatch batch = h.prepareBatch(INSERT);
            for (QueuedDraft q : drafts) {
                if (existing.contains(q.id()) || !added.add(q.id())) {
                    present.add(q.id());
                    continue;
                }
                bindInsert(batch, q).add();
                w.audit(eventsFor.apply(q));
            }
            if (!added.isEmpty()) {
                batch.execute();
                w.changed(new Change.DraftsChanged(added, Change.DraftCause.IMPORTED));
            }
            return present;
        });
    }

    @Override
    public void update(QueuedDraft updated, List<AuditEvent> events) {
        uow.writeAll(w -> {
            int rows = uow.handle().createUpdate("UPDATE draft SET subject = :subject, body = :body, decision = :decision, "
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
            if (updated.status() == ReviewStatus.APPROVED) {
                contacts.recordApproval(uow.handle(), updated);
            }
            w.audit(events);
            w.changed(new Change.DraftsChanged(Set.of(updated.id()), causeOf(events)));
        });
    }

    private static Change.DraftCause causeOf(List<AuditEvent> events) {
        String type = events.isEmpty() ? "" : events.get(0).type();
        return switch (AuditEventType.fromWireName(type).orElse(AuditEventType.DRAFT_EVALUATED)) {
            case DRAFT_APPROVED -> Change.DraftCause.APPROVED;
            case DRAFT_REJECTED -> Change.DraftCause.REJECTED;
            case DRAFT_EDITED -> Change.DraftCause.EDITED;
            case DRAFT_IMPORTED -> Change.DraftCause.IMPORTED;
            default -> Change.DraftCause.EVALUATED;
        };
    }

    private static final String INSERT = "INSERT INTO draft (id, channel, identity_id, campaign, created_at, doc, subject, body, decision, "
            + "decision_doc, policy_version, status, decided_by, reject_reason, updated_at, revision, lead_id, "
            + "lead_email, lead_linkedin, updated_ms, lead_name, lead_company) VALUES "
            + "(:id, :channel, :identity, :campaign, :createdAt, :doc, :subject, :body, :decision, :decisionDoc, "
            + ":policyVersion, :status, :decidedBy, :rejectReason, :updatedAt, :revision, :leadId, :leadEmail, "
            + ":leadLinkedin, :updatedMs, :leadName, :leadCompany)";

    private static PreparedBatch bindInsert(PreparedBatch b, QueuedDraft q) {
        return b.bind("id", q.id()).bind("channel", q.draft().channel().wireName())
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
                .bind("leadName", q.draft().lead().displayName())
                .bind("leadCompany", q.draft().lead().company() == null ? "" : q.draft().lead().company());
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
