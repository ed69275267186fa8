package io.countersign.adapters.persistence;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.contact.Suppression;
import io.countersign.core.contact.SuppressionList;
import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.events.Change;
import org.jdbi.v3.core.Handle;

/** The do-not-contact list in H2; every addition runs in the workspace unit of work with its audit event. */
public final class JdbiSuppressionList implements SuppressionList {

    private final JdbiUnitOfWork uow;
    /**
     * Entries stored, read once and kept up to date by {@link #add}: an empty list (the common case
     * for a new workspace or a big import) answers every lead without five queries per draft.
     */
    private volatile long size = -1;

    JdbiSuppressionList(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    private long size() {
        long n = size;
        if (n < 0) {
            n = uow.read(h -> h.createQuery("SELECT COUNT(*) FROM suppression").mapTo(Long.class).one());
            size = n;
        }
        return n;
    }

    @Override
    public Optional<Suppression> match(Lead lead, Instant asOf) {
        if (size() == 0) {
            return Optional.empty();
        }
        Map<Suppression.Kind, String> keys = new LinkedHashMap<>();
        keys.put(Suppression.Kind.LEAD, lead.id());
        if (lead.email() != null && !lead.email().isBlank()) {
            String email = Suppression.Kind.EMAIL.normalize(lead.email());
            keys.put(Suppression.Kind.EMAIL, email);
            if (email.contains("@")) {
                keys.put(Suppression.Kind.DOMAIN, email.substring(email.indexOf('@') + 1));
            }
        }
        if (lead.profileUrl() != null && !lead.profileUrl().isBlank()) {
            keys.put(Suppression.Kind.LINKEDIN, Suppression.Kind.LINKEDIN.normalize(lead.profileUrl()));
        }
        if (lead.company() != null && !lead.company().isBlank()) {
            keys.put(Suppression.Kind.COMPANY, Suppression.Kind.COMPANY.normalize(lead.company()));
        }
        return uow.read(h -> {
            for (Map.Entry<Suppression.Kind, String> k : keys.entrySet()) {
                Optional<Suppression> hit = h.createQuery("SELECT * FROM suppression WHERE kind = :kind AND \"VALUE\" = :value")
                        .bind("kind", k.getKey().wireName()).bind("value", k.getValue())
                        .map(JdbiSuppressionList::map).findOne();
                // One row per key, never removed: added after asOf means absent at asOf; withdrawn
                // (and not restored) at or before asOf means absent too.
                if (hit.isPresent() && !hit.get().addedAt().isAfter(asOf) && activeAt(h, hit.get(), asOf)) {
                    return hit;
                }
            }
            return Optional.empty();
        });
    }

    /** The entries in force now (withdrawn ones are left out; their history is in the audit log), oldest first. */
    @Override
    public List<Suppression> all() {
        return uow.read(h -> h.createQuery("SELECT * FROM suppression ORDER BY added_at, kind, \"VALUE\"")
                .map(JdbiSuppressionList::map).list().stream().filter(s -> activeAt(h, s, Instant.MAX)).toList());
    }

    private static final String WITHDRAW = "withdraw";
    private static final String RESTORE = "restore";

    /** The entry's last withdrawal or restoration at or before {@code asOf} decides; none means active. */
    private static boolean activeAt(Handle h, Suppression s, Instant asOf) {
        return h.createQuery("SELECT action, changed_at FROM suppression_change WHERE kind = :kind AND \"VALUE\" = :value "
                        + "ORDER BY seq DESC")
                .bind("kind", s.kind().wireName()).bind("value", s.value())
                .map((rs, ctx) -> Map.entry(rs.getString("action"), Instant.parse(rs.getString("changed_at"))))
                .stream().filter(e -> !e.getValue().isAfter(asOf)).findFirst()
                .map(e -> !e.getKey().equals(WITHDRAW)).orElse(true);
    }

    @Override
    public boolean withdraw(Suppression.Kind kind, String value, String reason, Actor actor, Instant at) {
        return uow.write(w -> {
            Handle h = uow.handle();
            Optional<Suppression> entry = h.createQuery("SELECT * FROM suppression WHERE kind = :kind AND \"VALUE\" = :value")
                    .bind("kind", kind.wireName()).bind("value", value).map(JdbiSuppressionList::map).findOne();
            if (entry.isEmpty() || !activeAt(h, entry.get(), Instant.MAX)) {
                return false;
            }
            change(h, kind, value, WITHDRAW, reason, actor, at);
            w.audit(AuditEvent.of(AuditEventType.SUPPRESSION_WITHDRAWN, actor)
                    .with("action", "withdraw_suppression").with("result", "withdrawn")
                    .with("kind", kind.wireName()).with("value", value).with("reason", reason)
                    .with("addedBy", entry.get().addedBy()).with("addedAt", entry.get().addedAt().toString())
                    .with("addedReason", entry.get().reason()).build());
            w.changed(new Change.DoNotContactChanged(0, 1));
            return true;
        });
    }

    private static void change(Handle h, Suppression.Kind kind, String value, String action, String reason, Actor actor,
                               Instant at) {
        h.createUpdate("INSERT INTO suppression_change (kind, \"VALUE\", action, reason, changed_by, changed_at) "
                        + "VALUES (:kind, :value, :action, :reason, :by, :at)")
                .bind("kind", kind.wireName()).bind("value", value).bind("action", action).bind("reason", reason)
                .bind("by", actor.id()).bind("at", at.toString()).execute();
    }

    @Override
    public int add(List<Suppression> entries, Actor actor) {
        return uow.write(w -> {
            Handle h = uow.handle();
            int count = 0;
            for (Suppression s : entries) {
                Optional<Suppression> existing = h.createQuery("SELECT * FROM suppression WHERE kind = :kind AND \"VALUE\" = :value")
                        .bind("kind", s.kind().wireName()).bind("value", s.value()).map(JdbiSuppressionList::map).findOne();
                if (existing.isPresent()) {
                    if (!activeAt(h, existing.get(), Instant.MAX)) {
                        // Added again after a withdrawal: the entry is restored, with the new reason.
                        change(h, s.kind(), s.value(), RESTORE, s.reason(), actor, s.addedAt());
                        w.audit(AuditEvent.of(AuditEventType.SUPPRESSION_ADDED, actor)
                                .with("action", "suppress").with("result", "restored")
                                .with("kind", s.kind().wireName()).with("value", s.value())
                                .with("reason", s.reason()).with("source", s.source()).build());
                        count++;
                    }
                    continue;
                }
                h.createUpdate("INSERT INTO suppression (kind, \"VALUE\", reason, source, added_by, added_at) "
                                + "VALUES (:kind, :value, :reason, :source, :by, :at)")
                        .bind("kind", s.kind().wireName()).bind("value", s.value()).bind("reason", s.reason())
                        .bind("source", s.source()).bind("by", actor.id()).bind("at", s.addedAt().toString())
                        .execute();
                w.audit(AuditEvent.of(AuditEventType.SUPPRESSION_ADDED, actor)
                        .with("action", "suppress").with("result", "stored")
                        .with("kind", s.kind().wireName()).with("value", s.value())
                        .with("reason", s.reason()).with("source", s.source()).build());
                count++;
            }
            if (count > 0) {
                w.changed(new Change.DoNotContactChanged(count, 0));
                uow.afterCommit(() -> size = -1); // re-counted once the entries are visible to every reader
            }
            return count;
        });
    }

    private static Suppression map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        return new Suppression(Suppression.Kind.fromWireName(rs.getString("kind")).orElseThrow(), rs.getString("VALUE"),
                rs.getString("reason"), rs.getString("source"), rs.getString("added_by"), Instant.parse(rs.getString("added_at")));
    }
}
