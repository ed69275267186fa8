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
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("collector") + ";AUTO_SERVER=TRUE";
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

    boolean postgres() {
        return postgres;
    }

    @Override
    public void close() {
        pool.close();
    }
}
