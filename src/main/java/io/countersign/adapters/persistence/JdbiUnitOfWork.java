package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.events.Change;
import io.countersign.core.events.ChangeFeed;
import io.countersign.core.store.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The workspace's one write path in H2: one transaction per unit of work under the one write lock,
 * its audit entries appended in the same transaction, one {@code CHECKPOINT SYNC} (and an audit-head
 * update when it appended entries) per unit that wrote anything, after commit and before
 * {@link #write} returns, and then the unit's changes published. Stores never open write
 * transactions of their own; they run their statements on {@link #handle()}.
 */
final class JdbiUnitOfWork implements UnitOfWork {

    private final Jdbi jdbi;
    private final JdbiAuditLog audit;
    private final Object writeLock;
    private final ChangeFeed feed;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile Runnable guard = () -> { };

    JdbiUnitOfWork(Jdbi jdbi, JdbiAuditLog audit, Object writeLock, ChangeFeed feed) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.writeLock = writeLock;
        this.feed = feed;
    }

    private static final class Tx implements Writes {
        private final Handle handle;
        private final List<AuditEvent> events = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<Runnable> afterEnd = new ArrayList<>();
        private boolean wrote;

        Tx(Handle handle) {
            this.handle = handle;
        }

        @Override
        public void audit(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void changed(Change change) {
            changes.add(change);
        }
    }

    @Override
    public <T> T write(Work<T> work) {
        Tx open = current.get();
        if (open != null) {
            return work.run(open);
        }
        synchronized (writeLock) {
            guard.run();
            try {
                return writeLocked(work);
            } catch (RuntimeException e) {
                if (diskFull != null && io.countersign.core.io.IoErrors.isDiskFull(e, home)) {
                    // A full disk is said as such; a unit that had committed stays findable as the suppressed
                    // NotDurableException (with its result) for callers that must undo what it claimed.
                    RuntimeException full = diskFull.get();
                    full.addSuppressed(e);
                    throw full;
                }
                throw e;
            }
        }
    }

    private <T> T writeLocked(Work<T> work) {
        Object[] done = new Object[2];
        Tx[] opened = new Tx[1];
        T result;
        try {
            result = jdbi.inTransaction(h -> {
                Tx tx = new Tx(h);
                opened[0] = tx;
                current.set(tx);
                try {
                    T r = work.run(tx);
                    done[0] = audit.appendWithin(h, tx.events, new ArrayList<AuditEntry>());
                    done[1] = tx;
                    return r;
                } finally {
                    current.remove();
                }
            });
        } finally {
            if (opened[0] != null) {
                opened[0].afterEnd.forEach(Runnable::run); // committed or rolled back: caches drop what the unit touched
            }
        }
        JdbiAuditLog.Tail tail = (JdbiAuditLog.Tail) done[0];
        Tx tx = (Tx) done[1];
        // Committed: whatever the sync or the head file does next, the chain's tail, the stores'
        // caches and the listeners must follow what the database now holds.
        RuntimeException notConfirmed = null;
        try {
            // Durable before the caller goes on, with or without audit entries: a unit that marks a
            // message SENDING records none, and the transport is called right after it returns.
            if (!audit.confirm(tail) && tx.wrote) {
                audit.sync();
            }
        } catch (RuntimeException e) {
            notConfirmed = e;
        } finally {
            tx.afterCommit.forEach(Runnable::run);
            List<Change> changes = new ArrayList<>(tx.changes);
            if (!tx.events.isEmpty()) {
                changes.add(new Change.AuditAppended(tail.nextSeq()));
            }
            feed.publish(changes);
        }
        if (notConfirmed != null) {
            throw new io.countersign.core.store.NotDurableException(result, notConfirmed);
        }
        return result;
    }

    @Override
    public <T> T readConsistent(java.util.function.Supplier<T> read) {
        synchronized (writeLock) {
            return read.get(); // no unit commits while this runs (reads on other connections see one state)
        }
    }

    /** Runs before every unit of work and may refuse it by throwing (the audit log's fail-closed check). */
    void guard(Runnable check) {
        this.guard = check;
    }

    private volatile java.util.function.Supplier<RuntimeException> diskFull;
    private volatile java.nio.file.Path home;

    /** What to throw, instead of H2's stack trace, when the disk fills up during a unit of work. */
    void onDiskFull(java.nio.file.Path dir, java.util.function.Supplier<RuntimeException> error) {
        this.home = dir;
        this.diskFull = error;
    }

    /** The open transaction's handle; a store write outside a unit of work is a programming error. */
    Handle handle() {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("a store write must run inside UnitOfWork.write");
        }
        tx.wrote = true;
        return tx.handle;
    }

    /** Runs once the open unit has committed and been confirmed (for a store's caches); not at all on rollback. */
    void afterCommit(Runnable action) {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("afterCommit outside a unit of work");
        }
        tx.afterCommit.add(action);
    }

    /** Runs once the open unit has ended, committed or rolled back (for a store's caches). */
    void afterEnd(Runnable action) {
        Tx tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("afterEnd outside a unit of work");
        }
        tx.afterEnd.add(action);
    }

    /** Reads on the open transaction when there is one (so a unit sees its own writes), else on a fresh handle. */
    <T> T read(HandleCallback<T, RuntimeException> callback) {
        Tx tx = current.get();
        return tx != null ? callback.withHandle(tx.handle) : jdbi.withHandle(callback);
    }

    ChangeFeed feed() {
        return feed;
    }
}
