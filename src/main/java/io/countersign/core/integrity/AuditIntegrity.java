package io.countersign.core.integrity;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.audit.AuditVerification;

import io.countersign.core.store.UnitOfWork;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fails closed once the audit log is known not to verify: every write is refused, with the finding,
 * until an administrator acknowledges it. The acknowledgement is itself an audit event recording
 * what was found, so the evidence stays in the log even after the head file follows the new tail.
 * A finding comes from a full verification ({@link #verify}) or from the cheap check made when the
 * workspace opens (the durable head against the stored tail: a log cut at its end, or its last entry
 * rewritten). It is kept beside the log, so every later process refuses too.
 */
public final class AuditIntegrity {

    /**
     * What was found: the first entry concerned, what is wrong with it, and the stored row it was
     * found on (null when there is none, e.g. entries cut from the end).
     */
    public record Finding(long entry, String text, AuditVerification.BrokenRow row) {
        public Finding {
            Objects.requireNonNull(text);
        }

        public Finding(long entry, String text) {
            this(entry, text, null);
        }
    }

    /** Where an open finding is kept between processes. */
    public interface FindingStore {
        Optional<Finding> read();

        void write(Finding finding);

        void clear();
    }

    /** Refused because the log does not verify; names the finding and what to do. */
    public static final class BrokenLogException extends RuntimeException {
        public BrokenLogException(Finding finding) {
            super("the audit log does not verify (" + finding.text() + "), so nothing more is written until an administrator "
                    + "has looked at it and acknowledged it: countersign audit acknowledge --reason \"...\" "
                    + "(or Acknowledge… in the console's red banner)");
        }
    }

    private final AuditLog log;
    private final FindingStore store;
    private final UnitOfWork unitOfWork;
    private final ThreadLocal<Boolean> acknowledging = ThreadLocal.withInitial(() -> false);
    private volatile Finding open;
    private final List<java.util.function.Consumer<Optional<Finding>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AuditIntegrity(AuditLog log, FindingStore store, UnitOfWork unitOfWork) {
        this.log = Objects.requireNonNull(log);
        this.store = Objects.requireNonNull(store);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.open = store.read().orElse(null);
    }

    /** At open: what the head-against-tail check found (null: nothing). An acknowledged finding stays closed. */
    public void tailChecked(Finding finding) {
        if (finding != null && !acknowledged(finding)) {
            raise(finding);
        }
    }

    /** A full verification; a failure closes the log for writing (acknowledged rows are passed over by the check itself). */
    public AuditVerification verify() {
        AuditVerification v = log.verify();
        if (!v.ok()) {
            raise(new Finding(v.firstBrokenSeq(), v.summary(), v.row()));
        }
        return v;
    }

    /** False when the open finding could not be kept beside the log (a full disk): a later process may not know it. */
    public boolean findingKept() {
        return kept;
    }

    /** Told (on the thread that found or acknowledged it) whenever the open finding changes. */
    public void onChange(java.util.function.Consumer<Optional<Finding>> listener) {
        listeners.add(listener);
    }

    /** The open finding that refuses writes, if any. */
    public Optional<Finding> finding() {
        return Optional.ofNullable(open);
    }

    /** Called by the write path before each unit of work: throws while a finding is open. */
    public void checkWritable() {
        Finding f = open;
        if (f != null && !acknowledging.get()) {
            throw new BrokenLogException(f);
        }
    }

    /**
     * Records that {@code actor} looked at the open finding, and why writing may go on; closes it.
     * Admin-only once roles exist.
     */
    public AuditEntry acknowledge(Actor actor, String reason) {
        return acknowledge(actor, reason, null);
    }

    /**
     * As {@link #acknowledge(Actor, String)}; with {@code findingSeen} (the text the administrator
     * read), refused if the open finding has changed meanwhile, so nobody acknowledges what they
     * did not see.
     */
    public synchronized AuditEntry acknowledge(Actor actor, String reason, String findingSeen) {
        Finding f = open;
        if (f == null) {
            throw new IllegalStateException("there is no open audit finding to acknowledge");
        }
        if (findingSeen != null && !findingSeen.equals(f.text())) {
            throw new IllegalStateException("the finding changed while it was being looked at; it is now: " + f.text());
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs a reason");
        }
        acknowledging.set(true);
        try {
            AuditEvent.Builder event = AuditEvent.of(AuditEventType.AUDIT_ACKNOWLEDGED, actor)
                    .with("finding", f.text()).with("entry", f.entry()).with("reason", reason.strip())
                    // checkpoints signed before now may no longer match what is stored; later ones must
                    .with("checkpointsBefore", log.latestCheckpointId());
            if (f.row() != null) {
                event.with("row", f.row().seq()).with("leafHash", f.row().leafHex()).with("chainHash", f.row().chainHex());
            }
            unitOfWork.writeAll(w -> w.audit(event.build()));
        } finally {
            acknowledging.set(false);
        }
        open = null;
        store.clear();
        listeners.forEach(l -> l.accept(Optional.empty()));
        return log.latest(AuditEventType.AUDIT_ACKNOWLEDGED).orElseThrow();
    }

    private boolean acknowledged(Finding finding) {
        List<AuditEntry> acks = log.ofType(AuditEventType.AUDIT_ACKNOWLEDGED.wireName());
        return acks.stream().anyMatch(e -> finding.text().equals(e.text("finding")));
    }

    private volatile boolean kept = true;

    private synchronized void raise(Finding finding) {
        open = finding;
        try {
            store.write(finding);
            kept = true;
        } catch (RuntimeException cannotKeep) {
            // A full disk, say: this process still refuses writes, and says so (findingKept).
            kept = false;
        }
        listeners.forEach(l -> l.accept(Optional.of(finding)));
    }
}
