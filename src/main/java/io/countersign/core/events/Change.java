package io.countersign.core.events;

import java.util.Set;

/**
 * What changed in the workspace, published after it is durably stored. Listeners (the console, and
 * later a sender or a sync client) react to these instead of being called by whoever made the change,
 * so work done by a background worker, a policy reload or a re-check shows up everywhere at once.
 */
public sealed interface Change {

    /** Why drafts changed. */
    enum DraftCause { IMPORTED, EVALUATED, EDITED, APPROVED, REJECTED }

    /** These drafts were stored anew or changed state; read them again to see what they are now. */
    record DraftsChanged(Set<String> ids, DraftCause cause) implements Change {
        public DraftsChanged {
            ids = Set.copyOf(ids);
        }
    }

    /** A new policy is in force. */
    record PolicyActivated(String previousVersion, String version) implements Change {
    }

    /** Do-not-contact entries were added or withdrawn. */
    record DoNotContactChanged(int added, int withdrawn) implements Change {
    }

    /** Outbox entries, counters or the pause-all switch changed. */
    record OutboxChanged() implements Change {
    }

    /** Entries were appended to the audit log; {@code nextSeq} is the log's new size. */
    record AuditAppended(long nextSeq) implements Change {
    }
}
