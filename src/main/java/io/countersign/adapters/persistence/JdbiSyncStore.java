package io.countersign.adapters.persistence;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.sync.SyncStore;
import java.time.Instant;
import java.util.Optional;

/** The witness state in the workspace database; enrolment and cosigned checkpoints are append-only there. */
final class JdbiSyncStore implements SyncStore {

    private final JdbiUnitOfWork uow;

    JdbiSyncStore(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    @Override
    public Optional<Enrollment> enrollment() {
        return uow.read(h -> h.createQuery("SELECT * FROM sync_enrollment WHERE id = 1")
                .map((rs, ctx) -> new Enrollment(rs.getString("endpoint"), rs.getString("device_name"),
                        rs.getString("collector_key"), Instant.parse(rs.getString("enrolled_at"))))
                .findOne());
    }

    @Override
    public void enroll(Enrollment e, Actor actor) {
        uow.writeAll(w -> {
            uow.handle().createUpdate("INSERT INTO sync_enrollment (id, endpoint, device_name, collector_key, enrolled_at) "
                            + "VALUES (1, :endpoint, :name, :key, :at)")
                    .bind("endpoint", e.endpoint()).bind("name", e.name()).bind("key", e.collectorKey())
                    .bind("at", e.enrolledAt().toString()).execute();
            w.audit(AuditEvent.of(AuditEventType.WITNESS_ENROLLED, actor).with("endpoint", e.endpoint())
                    .with("deviceName", e.name()).with("collectorKey", e.collectorKey()).build());
        });
    }

    @Override
    public void witnessed(Witnessed w) {
        uow.writeAll(unit -> uow.handle().createUpdate("INSERT INTO audit_witness (size, root, note, cosigned_at, received_at) "
                        + "VALUES (:size, :root, :note, :cosigned, :received)")
                .bind("size", w.size()).bind("root", w.root()).bind("note", w.note())
                .bind("cosigned", w.cosignedAt().toString()).bind("received", w.receivedAt().toString()).execute());
    }

    @Override
    public Optional<Witnessed> latestWitnessed() {
        return uow.read(h -> h.createQuery("SELECT * FROM audit_witness ORDER BY size DESC, id DESC LIMIT 1")
                .map((rs, ctx) -> witnessed(rs)).findOne());
    }

    /** Every cosigned checkpoint, in the order received, for {@code audit verify}. */
    java.util.List<Witnessed> all(org.jdbi.v3.core.Handle h) {
        return h.createQuery("SELECT * FROM audit_witness ORDER BY id").map((rs, ctx) -> witnessed(rs)).list();
    }

    private static Witnessed witnessed(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Witnessed(rs.getLong("size"), rs.getBytes("root"), rs.getString("note"),
                Instant.parse(rs.getString("cosigned_at")), Instant.parse(rs.getString("received_at")));
    }

    @Override
    public void attempted(Instant at, String error, Long conflictIndex) {
        String clipped = error == null ? null : error.length() > 3900 ? error.substring(0, 3900) + "…" : error;
        uow.writeAll(unit -> {
            var h = uow.handle();
            String lastSuccess = error == null ? at.toString()
                    : h.createQuery("SELECT last_success FROM sync_attempt WHERE id = 1").mapTo(String.class).findOne().orElse(null);
            h.createUpdate("MERGE INTO sync_attempt (id, at, error, conflict_index, last_success) KEY (id) "
                            + "VALUES (1, :at, :error, :conflict, :success)")
                    .bind("at", at.toString()).bind("error", clipped).bind("conflict", conflictIndex)
                    .bind("success", lastSuccess).execute();
        });
    }

    @Override
    public Optional<Attempt> lastAttempt() {
        return uow.read(h -> h.createQuery("SELECT * FROM sync_attempt WHERE id = 1")
                .map((rs, ctx) -> new Attempt(Instant.parse(rs.getString("at")), rs.getString("error"),
                        (Long) rs.getObject("conflict_index", Long.class),
                        rs.getString("last_success") == null ? null : Instant.parse(rs.getString("last_success"))))
                .findOne());
    }
}
