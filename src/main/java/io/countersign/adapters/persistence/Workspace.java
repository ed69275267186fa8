package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditLog;
import io.countersign.core.review.DraftStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;

/**
 * A workspace directory: the H2 database, the audit head and the policy file. Opening takes an
 * exclusive lock, so a second Countersign on the same directory gets a clear message instead of
 * touching the database, and refuses a database written by a newer version.
 */
public final class Workspace implements AutoCloseable {

    public static final String DB_NAME = "countersign";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workspace.class);

    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE=FALSE;QUERY_CACHE_SIZE=64";
    }

    private final Path home;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;
    private final JdbiAuditLog auditLog;
    private final JdbiUnitOfWork unitOfWork;
    private final JdbiSyncStore sync;
    private final io.countersign.core.integrity.AuditIntegrity integrity;
    private final JdbiIdentityStore identities;
    private final JdbiOutboxStore outbox;
    private final JdbiDraftStore draftStore;
    private final JdbiSuppressionList suppressions;
    private final JdbiContactHistory contactHistory;
    private final boolean created;
    private final boolean readOnly;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** A logout, `kill` or Ctrl+C (SIGTERM, SIGINT) closes the database cleanly too, for the console and the CLI alike. */
    private final Thread closeOnExit = new Thread(this::close, "countersign-close");

    private Workspace(Path home, FileChannel lockChannel, FileLock lock, JdbcConnectionPool pool, Jdbi jdbi,
                      JdbiAuditLog auditLog, JdbiUnitOfWork unitOfWork, io.countersign.core.integrity.AuditIntegrity integrity,
                      boolean created, boolean readOnly) {
        this.integrity = integrity;
        this.readOnly = readOnly;
        this.home = home;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.pool = pool;
        this.jdbi = jdbi;
        this.auditLog = auditLog;
        this.unitOfWork = unitOfWork;
        this.contactHistory = new JdbiContactHistory(unitOfWork);
        this.draftStore = new JdbiDraftStore(unitOfWork, contactHistory);
        this.suppressions = new JdbiSuppressionList(unitOfWork);
        this.identities = new JdbiIdentityStore(unitOfWork);
        this.outbox = new JdbiOutboxStore(unitOfWork);
        this.sync = new JdbiSyncStore(unitOfWork);
        this.created = created;
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    public static Workspace open(Path home, Clock clock) {
        return open(home, clock, false);
    }

    /**
     * @param readOnly open the database without writing to it (H2 {@code ACCESS_MODE_DATA=r}), for
     *                 commands that only read: they then work on a full disk too. Every write is
     *                 refused, and a workspace that still needs a schema migration is refused.
     */
    public static Workspace open(Path home, Clock clock, boolean readOnly) {
        Path dir = home.toAbsolutePath().normalize();
        if (readOnly && !Files.exists(dir.resolve(DB_NAME + ".mv.db"))) {
            throw new WorkspaceException("There is no workspace in " + dir + " yet (nothing to read); "
                    + "import drafts or open the console to create one.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot create workspace directory " + dir + ": " + e.getMessage(), e);
        }
        boolean created = !Files.exists(dir.resolve(DB_NAME + ".mv.db"));
        FileChannel channel = null;
        FileLock lock;
        try {
            channel = FileChannel.open(dir.resolve("workspace.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new WorkspaceException("The workspace " + dir + " is already open in another Countersign window or "
                    + "command. Close it first, or use a different workspace with --home DIR.");
        }
        try {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException ignored) {
            // The pid is only informative.
        }
        JdbcConnectionPool pool = null;
        try {
            // REUSE_SPACE=FALSE: H2 appends every change. With space reuse, a process killed after
            // being idle past H2's retention time lost commits it had synced (reproduced:
            // KilledProcessTest); appending keeps the newest chunk where recovery finds it.
            String url = url(dir) + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
            pool = JdbcConnectionPool.create(url, "countersign", "");
            if (readOnly) {
                requireCurrentSchema(pool, dir);
            } else {
                migrate(pool, dir);
            }
            Jdbi jdbi = Jdbi.create(pool);
            Object writeLock = new Object();
            JdbiAuditLog audit = new JdbiAuditLog(jdbi, clock, new AuditHeadFile(dir.resolve("audit.head")), writeLock);
            JdbiUnitOfWork uow = new JdbiUnitOfWork(jdbi, audit, writeLock, new io.countersign.core.events.ChangeFeed());
            io.countersign.core.integrity.AuditIntegrity integrity = new io.countersign.core.integrity.AuditIntegrity(audit,
                    new FileFindingStore(dir.resolve("audit.finding")), uow);
            DiskSpace disk = new DiskSpace(dir);
            uow.guard(() -> {
                if (readOnly) {
                    throw new IllegalStateException("the workspace " + dir + " was opened read-only");
                }
                disk.check();
                integrity.checkWritable();
            });
            uow.onDiskFull(dir, () -> new io.countersign.core.store.StorageFullException("the disk holding " + dir
                    + " filled up while writing (No space left on device); the batch in progress was not confirmed. "
                    + "Free some space, run 'countersign audit verify', then run the command again"));
            integrity.tailChecked(audit.tailFinding());
            return new Workspace(dir, channel, lock, pool, jdbi, audit, uow, integrity, created, readOnly);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            releaseQuietly(lock);
            closeQuietly(channel);
            if (e instanceof WorkspaceException) {
                throw e;
            }
            if (io.countersign.core.io.IoErrors.isDiskFull(e, dir)) {
                throw new WorkspaceException("The disk holding " + dir + " is full (No space left on device), so the "
                        + "workspace cannot be opened for writing; nothing was changed. Free some space; reading commands "
                        + "(audit verify, audit log, queue, suppress list) still work.", e);
            }
            throw new WorkspaceException("Cannot open the workspace database in " + dir + ": " + rootMessage(e), e);
        }
    }

    /** The highest migration in {@code db/migration} (SQL or Java); {@code WorkspaceTest} keeps it true. */
    static final int SCHEMA_VERSION = 15;

    /**
     * Whether the workspace's schema history ends, successfully, at {@link #SCHEMA_VERSION}: then there
     * is nothing to migrate or refuse, and Flyway (a third of a second to start and scan) is not needed.
     */
    static boolean schemaIsCurrent(JdbcConnectionPool pool) {
        try (java.sql.Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
            // Asked first, so a new workspace's missing table is no SQL error (H2 would write a trace file).
            try (java.sql.ResultSet t = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'flyway_schema_history'")) {
                if (!t.next() || t.getInt(1) == 0) {
                    return false;
                }
            }
            java.sql.ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                    + "WHERE \"version\" IS NOT NULL");
            int highest = -1;
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false; // a failed migration: Flyway says what to do
                }
                highest = Math.max(highest, Integer.parseInt(rs.getString(1)));
            }
            return highest == SCHEMA_VERSION;
        } catch (java.sql.SQLException | NumberFormatException e) {
            return false; // a new workspace (no history yet) or one Flyway must look at
        }
    }

    boolean schemaIsCurrent() {
        return schemaIsCurrent(pool);
    }

    private static void requireCurrentSchema(JdbcConnectionPool pool, Path dir) {
        if (schemaIsCurrent(pool)) {
            return;
        }
        Flyway flyway = flyway(pool);
        refuseNewerSchema(flyway, dir);
        if (flyway.info().pending().length > 0) {
            throw new WorkspaceException("The workspace " + dir + " was made by an earlier Countersign and must be "
                    + "migrated before it can be read; run any command that writes (e.g. 'countersign import'), "
                    + "which migrates it.");
        }
    }

    private static Flyway flyway(JdbcConnectionPool pool) {
        return Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                .javaMigrations(new io.countersign.adapters.persistence.migration.V3__Backfill_lead_keys(),
                        new io.countersign.adapters.persistence.migration.V6__Queue_row_columns())
                .cleanDisabled(true).load();
    }

    private static void migrate(JdbcConnectionPool pool, Path dir) {
        if (schemaIsCurrent(pool)) {
            return;
        }
        Flyway flyway = flyway(pool);
        refuseNewerSchema(flyway, dir);
        MigrateResult result = flyway.migrate();
        if (!result.success) {
            throw new WorkspaceException("Migrating the workspace " + dir + " failed; nothing was changed.");
        }
    }

    /** A workspace a newer Countersign has migrated is neither changed nor read with the wrong tables. */
    private static void refuseNewerSchema(Flyway flyway, Path dir) {
        Optional<MigrationInfo> future = Arrays.stream(flyway.info().all())
                .filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED)
                .max(Comparator.comparing(MigrationInfo::getVersion));
        if (future.isPresent()) {
            String known = Arrays.stream(flyway.info().all()).filter(i -> i.getState() != MigrationState.FUTURE_SUCCESS
                            && i.getState() != MigrationState.FUTURE_FAILED)
                    .map(i -> i.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
            throw new WorkspaceException("The workspace " + dir + " was written by a newer Countersign (schema version "
                    + future.get().getVersion() + "; this version knows up to " + known
                    + "). Upgrade Countersign to open it; nothing was changed.");
        }
    }

    public Path home() {
        return home;
    }

    /** True once closed, including by a SIGTERM/Ctrl+C while a command was still running. */
    public boolean isClosed() {
        return closed.get();
    }

    public boolean wasCreated() {
        return created;
    }

    /** Each append batch is followed by a checkpoint signed with this key (the workspace's log key). */
    public void signCheckpointsWith(java.util.function.Supplier<io.countersign.core.audit.note.NoteKey> key,
                                    java.util.function.Supplier<Optional<io.countersign.core.audit.note.NoteKey>> existing) {
        auditLog.signCheckpointsWith(key);
        auditLog.verifyCheckpointsWith(existing);
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    /** Fail-closed state of the audit log: an open finding refuses every write until acknowledged. */
    public io.countersign.core.integrity.AuditIntegrity auditIntegrity() {
        return integrity;
    }

    /** The one write path: every store write and audit entry of this workspace goes through it. */
    public io.countersign.core.store.UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    /** What changed, published after each durable unit of work. */
    public io.countersign.core.events.ChangeFeed changes() {
        return unitOfWork.feed();
    }

    public DraftStore draftStore() {
        return draftStore;
    }

    /** Sending accounts. */
    public io.countersign.core.identity.IdentityStore identities() {
        return identities;
    }

    /** The sending accounts' secrets, encrypted at rest beside the database. */
    public io.countersign.core.outbox.OutboxStore outbox() {
        return outbox;
    }

    /** Which collector witnesses this device's log, and what it cosigned. */
    public io.countersign.core.sync.SyncStore sync() {
        return sync;
    }

    /** Where sandbox identities deliver: one RFC 5322 .eml file per message. */
    public Path sandboxDir() {
        return home.resolve("sandbox");
    }

    /**
     * The workspace's one credential vault: every user of it (identities, OAuth tokens, the log key)
     * shares this instance, so its load–change–save of the file is serialized.
     */
    public io.countersign.core.identity.CredentialVault credentials() {
        FileCredentialVault v = vault;
        if (v == null) {
            synchronized (this) {
                if (vault == null) {
                    vault = new FileCredentialVault(home);
                }
                v = vault;
            }
        }
        return v;
    }

    private volatile FileCredentialVault vault;

    public io.countersign.core.contact.SuppressionList suppressions() {
        return suppressions;
    }

    public io.countersign.core.contact.ContactHistory contactHistory() {
        return contactHistory;
    }

    /** For tests and diagnostics only: direct SQL access, as an attacker with the database file would have. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Closes the database cleanly and releases the workspace. Safe to call more than once and from
     * a shutdown hook: it waits for a write in progress (its commit, sync and head file) to finish.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting; the hook will find the workspace closed.
            }
        }
        synchronized (auditLog.writeLock()) {
            auditLog.closeHead();
            // With no connection in use, closing the pool's connections closes the database cleanly
            // (H2 closes it with its last session). SHUTDOWN only when some other thread still holds
            // one: SHUTDOWN through the pool made every command leave a "Database is already closed"
            // stack trace in countersign.trace.db (the pooled connection's close rolls back after it).
            if (pool.getActiveConnections() > 0) {
                try (java.sql.Connection c = pool.getConnection()) {
                    c.createStatement().execute("SHUTDOWN");
                } catch (java.sql.SQLException | RuntimeException ignored) {
                    // Already closed or broken; the lock is released below either way.
                }
            } else if (!readOnly) {
                compactIfMostlyUnused();
            }
            pool.dispose();
            releaseQuietly(lock);
            closeQuietly(lockChannel);
        }
    }

    /** Compact when less than this share of the file is live (H2 counts by chunk, so a file compacting to a third reads ~50 %). */
    static final int COMPACT_BELOW_FILL_PERCENT = 60;
    /** ... and the file is at least this large: small workspaces are not worth a rewrite. */
    static final long COMPACT_ABOVE_BYTES = 64L << 20;
    /** For tests: {@code -Dcountersign.compactAboveMb=N}. */
    static final String COMPACT_ABOVE_PROPERTY = "countersign.compactAboveMb";

    /**
     * The file only appends (ADR-12), so rolled-back batches, killed imports and rewritten pages stay
     * in it as dead chunks: 100,000 drafts grew it to 1.6 GB holding 0.3 GB of live data. When most of
     * it is dead, a clean close rewrites it ({@code SHUTDOWN COMPACT}: H2 writes a new file and swaps
     * it in, and a process killed meanwhile leaves the old one, which H2 tidies up on the next open).
     * About 7 s per GB on the 2-core test machine; it runs only when the waste is large.
     */
    private void compactIfMostlyUnused() {
        long size = 0;
        int fill = 100;
        try (java.sql.Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")) {
            while (rs.next()) {
                if (rs.getString(1).equals("info.FILE_SIZE")) {
                    size = Long.parseLong(rs.getString(2));
                } else {
                    fill = Integer.parseInt(rs.getString(2));
                }
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warn("Cannot tell whether {} needs compacting: {}", home, e.getMessage());
            return;
        }
        long above = Long.getLong(COMPACT_ABOVE_PROPERTY, COMPACT_ABOVE_BYTES >> 20) << 20;
        if (size < above || fill >= COMPACT_BELOW_FILL_PERCENT) {
            return;
        }
        // The compacted copy is written beside the file before it replaces it: it needs the live
        // data's size free, and the usual reserve on top, or it could itself fill the disk.
        long live = size / 100 * fill;
        long free = home.toFile().getUsableSpace();
        if (free < live + DiskSpace.DEFAULT_RESERVE) {
            LOG.warn("Not compacting {}: {} MB free, {} MB needed", home, free >> 20, (live + DiskSpace.DEFAULT_RESERVE) >> 20);
            return;
        }
        LOG.info("Compacting {}: {} MB, {} % live", home.resolve(DB_NAME + ".mv.db"), size >> 20, fill);
        // A connection of its own, outside the pool, and the pooled one above already closed: a
        // pooled connection rolls back on close, after the database is gone, and leaves a stack
        // trace in the trace file.
        try (java.sql.Connection direct = java.sql.DriverManager.getConnection(url(home), "countersign", "");
             java.sql.Statement s = direct.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warn("Compacting {} failed; it stays as it is: {}", home, e.getMessage());
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
