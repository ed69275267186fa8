package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditEvent;
import io.countersign.core.draft.Channel;
import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.OutboxState;
import io.countersign.core.outbox.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.statement.StatementContext;

/** The outbox, the send counters and pace, and the workspace switches in H2. */
final class JdbiOutboxStore implements OutboxStore {

    private static final String COLUMNS = "draft_id, identity_id, channel, recipient, recipient_company, subject, body, "
            + "approval_seq, approval_hash, approved_by, state, attempts, not_before, undo_until, message_id, provider_id, "
            + "last_error, wait_reason, created_at, updated_at, sent_at";

    private static final io.countersign.core.events.Change CHANGED = new io.countersign.core.events.Change.OutboxChanged();
    private final JdbiUnitOfWork uow;

    JdbiOutboxStore(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    @Override
    public OutboxEntry insert(OutboxEntry entry, Function<OutboxEntry, AuditEvent> event) {
        return uow.write(w -> {
            long id = bind(uow.handle().createUpdate("INSERT INTO outbox (" + COLUMNS + ") VALUES (:draftId, :identityId, "
                    + ":channel, :recipient, :company, :subject, :body, :seq, :hash, :approvedBy, :state, :attempts, "
                    + ":notBefore, :undoUntil, :messageId, :providerId, :lastError, :waitReason, :createdAt, :updatedAt, "
                    + ":sentAt)"), entry).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            OutboxEntry stored = withId(entry, id);
            AuditEvent a = event.apply(stored);
            if (a != null) {
                w.audit(a);
            }
            w.changed(CHANGED);
            return stored;
        });
    }

    @Override
    public List<OutboxEntry> insertAll(List<OutboxEntry> entries, Function<OutboxEntry, AuditEvent> event) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return uow.write(w -> {
            org.jdbi.v3.core.statement.PreparedBatch batch = uow.handle().prepareBatch("INSERT INTO outbox (" + COLUMNS
                    + ") VALUES (:draftId, :identityId, :channel, :recipient, :company, :subject, :body, :seq, :hash, "
                    + ":approvedBy, :state, :attempts, :notBefore, :undoUntil, :messageId, :providerId, :lastError, "
                    + ":waitReason, :createdAt, :updatedAt, :sentAt)");
            for (OutboxEntry e : entries) {
                bind(batch, e).add();
            }
            List<Long> ids = batch.executePreparedBatch("id").mapTo(Long.class).list();
            List<OutboxEntry> stored = new java.util.ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                OutboxEntry s = withId(entries.get(i), ids.get(i));
                stored.add(s);
                AuditEvent a = event.apply(s);
                if (a != null) {
                    w.audit(a);
                }
            }
            w.changed(CHANGED);
            return stored;
        });
    }

    @Override
    public void update(OutboxEntry entry, AuditEvent event) {
        uow.writeAll(w -> {
            int n = bind(uow.handle().createUpdate("UPDATE outbox SET draft_id = :draftId, identity_id = :identityId, "
                    + "channel = :channel, recipient = :recipient, recipient_company = :company, subject = :subject, "
                    + "body = :body, approval_seq = :seq, approval_hash = :hash, approved_by = :approvedBy, state = :state, "
                    + "attempts = :attempts, not_before = :notBefore, undo_until = :undoUntil, message_id = :messageId, "
                    + "provider_id = :providerId, last_error = :lastError, wait_reason = :waitReason, "
                    + "created_at = :createdAt, updated_at = :updatedAt, sent_at = :sentAt WHERE id = :id"), entry)
                    .bind("id", entry.id()).execute();
            if (n != 1) {
                throw new IllegalStateException("outbox entry " + entry.id() + " does not exist");
            }
            if (event != null) {
                w.audit(event);
            }
            w.changed(CHANGED);
        });
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S u, OutboxEntry e) {
        return u.bind("draftId", e.draftId()).bind("identityId", e.identityId()).bind("channel", e.channel().wireName())
                .bind("recipient", e.recipient()).bind("company", e.recipientCompany()).bind("subject", e.subject())
                .bind("body", e.body()).bind("seq", e.approvalSeq()).bind("hash", e.approvalHash())
                .bind("approvedBy", e.approvedBy()).bind("state", e.state().name()).bind("attempts", e.attempts())
                .bind("notBefore", ts(e.notBefore())).bind("undoUntil", ts(e.undoUntil()))
                .bind("messageId", e.messageId()).bind("providerId", e.providerId()).bind("lastError", e.lastError())
                .bind("waitReason", e.waitReason()).bind("createdAt", ts(e.createdAt()))
                .bind("updatedAt", ts(e.updatedAt())).bind("sentAt", e.sentAt() == null ? null : ts(e.sentAt()));
    }

    private static final java.time.format.DateTimeFormatter TS = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Fixed-width UTC instants (nanoseconds always written), so text order is time order in SQL. */
    static String ts(Instant i) {
        return TS.format(i);
    }

    private static OutboxEntry withId(OutboxEntry e, long id) {
        return new OutboxEntry(id, e.draftId(), e.identityId(), e.channel(), e.recipient(), e.recipientCompany(),
                e.subject(), e.body(), e.approvalSeq(), e.approvalHash(), e.approvedBy(), e.state(), e.attempts(),
                e.notBefore(), e.undoUntil(), e.messageId(), e.providerId(), e.lastError(), e.waitReason(), e.createdAt(),
                e.updatedAt(), e.sentAt());
    }

    private static OutboxEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        String sent = rs.getString("sent_at");
        return new OutboxEntry(rs.getLong("id"), rs.getString("draft_id"), rs.getString("identity_id"),
                Channel.fromWireName(rs.getString("channel")).orElseThrow(() -> new SQLException("bad channel")),
                rs.getString("recipient"), rs.getString("recipient_company"), rs.getString("subject"), rs.getString("body"),
                rs.getLong("approval_seq"), rs.getString("approval_hash"), rs.getString("approved_by"),
                OutboxState.valueOf(rs.getString("state")), rs.getInt("attempts"), Instant.parse(rs.getString("not_before")),
                Instant.parse(rs.getString("undo_until")), rs.getString("message_id"), rs.getString("provider_id"),
                rs.getString("last_error"), rs.getString("wait_reason"), Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")), sent == null ? null : Instant.parse(sent));
    }

    @Override
    public Optional<OutboxEntry> find(long id) {
        return uow.read(h -> h.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id).map(JdbiOutboxStore::map).findOne());
    }

    @Override
    public List<OutboxEntry> list(OutboxState state, String identityId, int offset, int limit) {
        return uow.read(h -> h.createQuery("SELECT * FROM outbox WHERE 1 = 1"
                        + (state == null ? "" : " AND state = :state") + (identityId == null ? "" : " AND identity_id = :identity")
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("state", state == null ? null : state.name()).bind("identity", identityId)
                .bind("limit", limit).bind("offset", offset).map(JdbiOutboxStore::map).list());
    }

    @Override
    public Map<OutboxState, Integer> counts() {
        Map<OutboxState, Integer> out = new EnumMap<>(OutboxState.class);
        uow.read(h -> h.createQuery("SELECT state, COUNT(*) n FROM outbox GROUP BY state")
                .map((rs, ctx) -> Map.entry(OutboxState.valueOf(rs.getString("state")), rs.getInt("n"))).list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // Messages a person sends by hand (linkedin-assisted) are never due for the background sender.
    // ORDER BY state first: H2 then reads the (state, not_before, id) index in order instead of sorting.
    @Override
    public List<Long> dueIds(Instant now, int limit) {
        return uow.read(h -> h.createQuery("SELECT id FROM outbox WHERE state = 'SCHEDULED' AND not_before <= :now "
                        + "AND identity_id NOT IN (SELECT id FROM identity WHERE transport = 'linkedin-assisted') "
                        // one message in flight per identity: an identity with a message in SENDING waits its turn
                        + "AND identity_id NOT IN (SELECT identity_id FROM outbox WHERE state = 'SENDING') "
                        + "ORDER BY state, not_before, id LIMIT :limit")
                .bind("now", ts(now)).bind("limit", limit).mapTo(Long.class).list());
    }

    @Override
    public Optional<Instant> nextDue() {
        return uow.read(h -> h.createQuery("SELECT MIN(not_before) FROM outbox WHERE state = 'SCHEDULED'")
                .mapTo(String.class).findOne()).map(Instant::parse);
    }

    @Override
    public List<OutboxEntry> inState(OutboxState state, int limit) {
        return uow.read(h -> h.createQuery("SELECT * FROM outbox WHERE state = :state ORDER BY id LIMIT :limit")
                .bind("state", state.name()).bind("limit", limit).map(JdbiOutboxStore::map).list());
    }

    @Override
    public Optional<OutboxEntry> latestFor(String draftId) {
        return uow.read(h -> h.createQuery("SELECT * FROM outbox WHERE draft_id = :d ORDER BY id DESC LIMIT 1")
                .bind("d", draftId).map(JdbiOutboxStore::map).findOne());
    }

    @Override
    public Candidates approvedWithoutEntry(String after, int limit) {
        // Keyset pages over draft_status_order (status, created_at, insert_order): each page starts
        // where the last ended, so scheduling n approvals reads each draft once, and only what
        // scheduling needs (the document for the lead, not the text or the findings).
        String[] key = after == null ? null : after.split("\u0000", 2);
        List<Map.Entry<Candidate, String>> rows = uow.read(h -> h.createQuery("SELECT d.id, d.created_at, d.insert_order, "
                        + "d.identity_id, d.channel, d.doc FROM draft d "
                        + "WHERE d.status = 'APPROVED'"
                        + (key == null ? "" : " AND d.created_at >= :c AND (d.created_at > :c OR d.insert_order > :o)")
                        + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = d.id AND o.state <> 'CANCELLED') "
                        + "ORDER BY d.status, d.created_at, d.insert_order LIMIT :limit")
                .bind("c", key == null ? null : key[0]).bind("o", key == null ? 0 : Long.parseLong(key[1]))
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(candidate(rs), rs.getString("created_at") + "\u0000" + rs.getLong("insert_order")))
                .list());
        return new Candidates(rows.stream().map(Map.Entry::getKey).toList(),
                rows.size() < limit ? null : rows.get(rows.size() - 1).getValue());
    }

    /** The lead as the draft's document says (the lead_* columns hold normalized keys for matching, not addresses). */
    private static Candidate candidate(java.sql.ResultSet rs) throws java.sql.SQLException {
        io.countersign.core.draft.Lead lead;
        try {
            lead = io.countersign.core.importing.DraftCodec.storedLead(rs.getString("doc"));
        } catch (IllegalStateException e) {
            throw new java.sql.SQLException("draft " + rs.getString("id") + " has an unreadable stored document", e);
        }
        return new Candidate(rs.getString("id"), rs.getString("identity_id"),
                io.countersign.core.draft.Channel.fromWireName(rs.getString("channel")).orElseThrow(), lead.id(), lead.email(),
                lead.profileUrl(), lead.company());
    }

    @Override
    public int used(String identityId, String action, String day) {
        return uow.read(h -> h.createQuery("SELECT used FROM send_counter WHERE identity_id = :i AND action = :a AND local_day = :d")
                .bind("i", identityId).bind("a", action).bind("d", day).mapTo(Integer.class).findOne().orElse(0));
    }

    @Override
    public void take(String identityId, String action, String day, int delta) {
        uow.writeAll(w -> uow.handle().createUpdate("MERGE INTO send_counter t USING (VALUES (CAST(:i AS VARCHAR), "
                        + "CAST(:a AS VARCHAR), CAST(:d AS VARCHAR))) s(i, a, d) ON t.identity_id = s.i AND t.action = s.a "
                        + "AND t.local_day = s.d WHEN MATCHED THEN UPDATE SET used = GREATEST(0, t.used + :delta) "
                        + "WHEN NOT MATCHED THEN INSERT (identity_id, action, local_day, used) VALUES (s.i, s.a, s.d, GREATEST(0, :delta))")
                .bind("i", identityId).bind("a", action).bind("d", day).bind("delta", delta).execute());
    }

    @Override
    public int usedBetween(String identityId, String action, String fromDay, String toDay) {
        return uow.read(h -> h.createQuery("SELECT COALESCE(SUM(used), 0) FROM send_counter WHERE identity_id = :i "
                        + "AND action = :a AND local_day >= :from AND local_day <= :to")
                .bind("i", identityId).bind("a", action).bind("from", fromDay).bind("to", toDay).mapTo(Integer.class).one());
    }

    @Override
    public int sentToCompany(String company, Instant from, Instant to) {
        return uow.read(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE recipient_company = :c "
                        + "AND state IN ('SENT', 'SENDING', 'UNKNOWN') AND updated_at >= :from AND updated_at <= :to")
                .bind("c", company).bind("from", ts(from)).bind("to", ts(to)).mapTo(Integer.class).one());
    }

    @Override
    public Optional<Instant> nextAllowed(String identityId) {
        return uow.read(h -> h.createQuery("SELECT next_at FROM send_pace WHERE identity_id = :i").bind("i", identityId)
                .mapTo(String.class).findOne()).map(Instant::parse);
    }

    @Override
    public void setNextAllowed(String identityId, Instant at) {
        uow.writeAll(w -> uow.handle().createUpdate("MERGE INTO send_pace (identity_id, next_at) KEY (identity_id) VALUES (:i, :t)")
                .bind("i", identityId).bind("t", ts(at)).execute());
    }

    @Override
    public void markBounced(long entryId) {
        uow.writeAll(w -> uow.handle().createUpdate("UPDATE outbox SET bounced = TRUE WHERE id = :id").bind("id", entryId).execute());
    }

    @Override
    public List<OutboxState> recentOutcomes(String identityId, int limit) {
        return uow.read(h -> h.createQuery("SELECT CASE WHEN bounced THEN 'FAILED' ELSE state END AS state FROM outbox "
                        + "WHERE identity_id = :i AND state IN ('SENT', 'FAILED') "
                        + "AND approval_hash <> '' ORDER BY updated_at DESC LIMIT :limit")
                .bind("i", identityId).bind("limit", limit).map((rs, ctx) -> OutboxState.valueOf(rs.getString("state"))).list());
    }

    @Override
    public Recent sentSince(String identityId, Instant since) {
        return uow.read(h -> h.createQuery("SELECT COUNT(*) n, MIN(COALESCE(sent_at, updated_at)) oldest FROM outbox "
                        + "WHERE identity_id = :i AND state IN ('SENT', 'SENDING', 'UNKNOWN') "
                        + "AND COALESCE(sent_at, updated_at) >= :since")
                .bind("i", identityId).bind("since", ts(since))
                .map((rs, ctx) -> new Recent(rs.getInt("n"), rs.getString("oldest") == null ? null : Instant.parse(rs.getString("oldest"))))
                .one());
    }

    @Override
    public int usedAll(String identityId, String day) {
        return uow.read(h -> h.createQuery("SELECT COALESCE(SUM(used), 0) FROM send_counter WHERE identity_id = :i AND local_day = :d")
                .bind("i", identityId).bind("d", day).mapTo(Integer.class).one());
    }

    @Override
    public List<Map.Entry<String, String>> identitiesOf(String owner) {
        return uow.read(h -> h.createQuery("SELECT id, timezone FROM identity WHERE owner = :o ORDER BY id").bind("o", owner)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("timezone"))).list());
    }

    @Override
    public Optional<Integer> ownerBudget(String owner) {
        return uow.read(h -> h.createQuery("SELECT daily FROM owner_budget WHERE owner = :o").bind("o", owner)
                .mapTo(Integer.class).findOne());
    }

    @Override
    public void setOwnerBudget(String owner, int daily, String by, Instant at, AuditEvent event) {
        uow.writeAll(w -> {
            if (daily <= 0) {
                uow.handle().createUpdate("DELETE FROM owner_budget WHERE owner = :o").bind("o", owner).execute();
            } else {
                uow.handle().createUpdate("MERGE INTO owner_budget (owner, daily, set_by, set_at) KEY (owner) VALUES (:o, :d, :b, :t)")
                        .bind("o", owner).bind("d", daily).bind("b", by).bind("t", at.toString()).execute();
            }
            w.audit(event);
        });
    }

    @Override
    public int countScheduled(String identityId) {
        return uow.read(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE state = 'SCHEDULED' AND identity_id = :i")
                .bind("i", identityId).mapTo(Integer.class).one());
    }

    @Override
    public Optional<OutboxEntry> byMessageId(String messageId) {
        return uow.read(h -> h.createQuery("SELECT * FROM outbox WHERE message_id = :m ORDER BY id DESC LIMIT 1")
                .bind("m", messageId).map(JdbiOutboxStore::map).findOne());
    }

    @Override
    public boolean seenInbound(String key) {
        return uow.read(h -> h.createQuery("SELECT COUNT(*) FROM inbound_seen WHERE inbound_key = :k").bind("k", key)
                .mapTo(Integer.class).one()) > 0;
    }

    @Override
    public void markInbound(String key, AuditEvent event) {
        uow.writeAll(w -> {
            uow.handle().createUpdate("MERGE INTO inbound_seen (inbound_key, seen_at) KEY (inbound_key) VALUES (:k, :t)")
                    .bind("k", key.length() > 2000 ? key.substring(0, 2000) : key).bind("t", Instant.now().toString()).execute();
            if (event != null) {
                w.audit(event);
            }
        });
    }

    @Override
    public List<io.countersign.core.outbox.AutoSendRule> autoSendRules() {
        return uow.read(h -> h.createQuery("SELECT * FROM autosend_rule ORDER BY added_at, id")
                .map((rs, ctx) -> new io.countersign.core.outbox.AutoSendRule(rs.getString("id"),
                        io.countersign.core.outbox.AutoSendRule.Kind.valueOf(rs.getString("kind")), rs.getString("match_value"),
                        rs.getString("identity_id"), rs.getString("added_by"), Instant.parse(rs.getString("added_at"))))
                .list());
    }

    @Override
    public void insertRule(io.countersign.core.outbox.AutoSendRule rule, AuditEvent event) {
        uow.writeAll(w -> {
            uow.handle().createUpdate("INSERT INTO autosend_rule (id, kind, match_value, identity_id, added_by, added_at) "
                            + "VALUES (:id, :kind, :value, :identity, :by, :at)")
                    .bind("id", rule.id()).bind("kind", rule.kind().name()).bind("value", rule.value())
                    .bind("identity", rule.identityId()).bind("by", rule.addedBy()).bind("at", rule.addedAt().toString()).execute();
            w.audit(event);
        });
    }

    @Override
    public boolean deleteRule(String id, AuditEvent event) {
        return uow.write(w -> {
            int n = uow.handle().createUpdate("DELETE FROM autosend_rule WHERE id = :id").bind("id", id).execute();
            if (n == 1) {
                w.audit(event);
            }
            return n == 1;
        });
    }

    @Override
    public Optional<Switch> workspaceSwitch(String name) {
        return uow.read(h -> h.createQuery("SELECT * FROM workspace_switch WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> new Switch(rs.getString("name"), Instant.parse(rs.getString("on_since")),
                        rs.getString("reason"), rs.getString("set_by"))).findOne());
    }

    @Override
    public void setSwitch(String name, Switch on, AuditEvent event) {
        uow.writeAll(w -> {
            if (on == null) {
                uow.handle().createUpdate("DELETE FROM workspace_switch WHERE name = :n").bind("n", name).execute();
            } else {
                uow.handle().createUpdate("MERGE INTO workspace_switch (name, on_since, reason, set_by) KEY (name) "
                                + "VALUES (:n, :s, :r, :b)")
                        .bind("n", name).bind("s", ts(on.since())).bind("r", on.reason()).bind("b", on.by()).execute();
            }
            w.audit(event);
            w.changed(CHANGED);
        });
    }
}
