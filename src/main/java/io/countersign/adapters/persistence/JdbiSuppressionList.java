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
                // One row per key, never removed: added after asOf means absent at asOf.
                if (hit.isPresent() && !hit.get().addedAt().isAfter(asOf)) {
                    return hit;
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public List<Suppression> all() {
        return uow.read(h -> h.createQuery("SELECT * FROM suppression ORDER BY added_at, kind, \"VALUE\"")
                .map(JdbiSuppressionList::map).list());
    }

    @Override
    public int add(List<Suppression> entries, Actor actor) {
        return uow.write(w -> {
            Handle h = uow.handle();
            int count = 0;
            for (Suppression s : entries) {
                boolean exists = h.createQuery("SELECT COUNT(*) FROM suppression WHERE kind = :kind AND \"VALUE\" = :value")
                        .bind("kind", s.kind().wireName()).bind("value", s.value()).mapTo(Integer.class).one() > 0;
                if (exists) {
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
