package io.countersign.core.contact;

import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Lead;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The do-not-contact list. Entries are added and, when added by mistake, withdrawn — each with an
 * audit event — and never silently removed: the list keeps every entry's history.
 */
public interface SuppressionList {

    /** The first entry that covers this lead (by lead id, email, email domain, company or LinkedIn URL). */
    default Optional<Suppression> match(Lead lead) {
        return match(lead, Instant.MAX);
    }

    /**
     * The first entry added at or before {@code asOf} that covers this lead: the list as it stood
     * then, which entries are never removed from, so a past decision can be replayed exactly.
     */
    Optional<Suppression> match(Lead lead, Instant asOf);

    List<Suppression> all();

    /** Adds entries not in force yet (new, or withdrawn before: then restored); returns how many. */
    int add(List<Suppression> entries, Actor actor);

    /**
     * Withdraws an entry added by mistake (audited with who added it and why); the entry's history
     * is kept, and adding it again restores it.
     *
     * @return false when no such entry is in force
     */
    boolean withdraw(Suppression.Kind kind, String value, String reason, Actor actor, Instant at);

    SuppressionList NONE = new SuppressionList() {
        @Override
        public Optional<Suppression> match(Lead lead, Instant asOf) {
            return Optional.empty();
        }

        @Override
        public List<Suppression> all() {
            return List.of();
        }

        @Override
        public int add(List<Suppression> entries, Actor actor) {
            throw new UnsupportedOperationException("no suppression store in this context");
        }

        @Override
        public boolean withdraw(Suppression.Kind kind, String value, String reason, Actor actor, Instant at) {
            throw new UnsupportedOperationException("no suppression store in this context");
        }
    };
}
