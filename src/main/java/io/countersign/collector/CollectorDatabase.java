package io.countersign.collector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens the collector's database: H2 in the data directory by default (with AUTO_SERVER, so
 * {@code collector token} and {@code collector alerts} work while {@code collector serve} runs), or
 * the PostgreSQL a team names with {@code --db jdbc:postgresql://…}; migrates it with Flyway.
 */
final class CollectorDatabase implements AutoCloseable {

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean postgres;

    private CollectorDatabase(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.postgres = postgres;
    }

    static CollectorDatabase open(Path dataDir, String jdbcUrl, String user, String password) {
        String url = jdbcUrl != null ? jdbcUrl
                // REUSE_SPACE=FALSE as in the workspace (ADR-15): with space reuse, H2 killed after being
                // idle past its retention time lost commits it had synced.
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("collector") + ";AUTO_SERVER=TRUE;REUSE_SPACE=FALSE";
        boolean pg = url.startsWith("jdbc:postgresql:");
        if (!pg && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("--db: '" + url + "' is neither a jdbc:postgresql: nor a jdbc:h2: URL");
        }
        if (pg && !url.contains("reWriteBatchedInserts")) {
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("collector");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot open the collector database " + redact(url) + ": " + root.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/collector").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate the collector database " + redact(url) + ": " + e.getMessage(), e);
        }
        return new CollectorDatabase(pool, pg);
    }

    /** A URL as it may be shown: without a password parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs a write transaction and returns only once it is on disk: what the collector answers
     * (an enrolment, a cosignature, a token printed for the operator) must survive the process
     * being killed the next instant. PostgreSQL's commit is durable already; H2 commits to the
     * file only every so often unless asked ({@code CHECKPOINT SYNC}, as the workspace does per unit).
     */
    <T, X extends Exception> T write(org.jdbi.v3.core.HandleCallback<T, X> work) throws X {
        T result = jdbi.inTransaction(work);
        if (!postgres) {
            jdbi.useHandle(h -> h.execute("CHECKPOINT SYNC"));
        }
        return result;
    }

    boolean postgres() {
        return postgres;
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Compacts an H2 file (it only grows: REUSE_SPACE=FALSE) and closes. For {@code serve} when it
     * stops: the other commands may be reaching the serving process's database through AUTO_SERVER,
     * where a shutdown would close it under the server.
     */
    void compactAndClose() {
        if (!postgres) {
            try (var c = pool.getConnection(); var st = c.createStatement()) {
                st.execute("SHUTDOWN COMPACT");
            } catch (java.sql.SQLException e) {
                org.slf4j.LoggerFactory.getLogger(CollectorDatabase.class).warn("collector database not compacted: {}", e.getMessage());
            }
        }
        pool.close();
    }
}
