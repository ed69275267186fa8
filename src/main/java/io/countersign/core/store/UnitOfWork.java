package io.countersign.core.store;

import io.countersign.core.audit.AuditEvent;
import io.countersign.core.events.Change;
import java.util.List;

/**
 * The one audited write path. Work run here is one transaction under the workspace's one write
 * lock: every store write inside it, and the audit entries and changes it records, commit together
 * or not at all; the batch is confirmed durably (synced, then the audit head) once, and only then
 * are its changes published. A write made inside running work joins it, so a use case can approve
 * a draft, re-check others and (later) enqueue it for sending atomically.
 */
public interface UnitOfWork {

    /** What work may record besides its store writes. */
    interface Writes {
        void audit(AuditEvent event);

        default void audit(List<AuditEvent> events) {
            events.forEach(this::audit);
        }

        /** Published to the change feed once the whole unit is durable. */
        void changed(Change change);
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Writes writes);
    }

    <T> T write(Work<T> work);

    /**
     * Runs reads that must see one state of the workspace (several stores compared with each other)
     * with no unit of work committing meanwhile; writes nothing and needs no transaction.
     */
    default <T> T readConsistent(java.util.function.Supplier<T> read) {
        return read.get();
    }

    default void writeAll(java.util.function.Consumer<Writes> work) {
        write(w -> {
            work.accept(w);
            return null;
        });
    }
}
