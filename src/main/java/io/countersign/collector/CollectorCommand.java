package io.countersign.collector;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code collector serve|token|admin-token|alerts|devices|export}: the central witness teams run.
 * The same commands are {@code countersign collector …} in the console's jar and the whole CLI of
 * {@code countersign-collector.jar}, which carries no JavaFX.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"The central collector: witnesses every enrolled device's audit log (append-only, cosigned).",
                "Data (key, H2 database) in --data DIR; a team's PostgreSQL with --db jdbc:postgresql://HOST/DB."},
        subcommands = {CollectorCommand.Serve.class, CollectorCommand.Token.class, CollectorCommand.AdminToken.class,
                CollectorCommand.Alerts.class, CollectorCommand.Devices.class, CollectorCommand.Export.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "1:alerts listed (with --fail-on-alerts)", "2:bad input or usage"})
public final class CollectorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where a collector's state lives: its key and (by default) its H2 database. */
    abstract static class WithData implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--data", paramLabel = "DIR", description = "Collector data directory: collector.key, collector.pub and "
                + "the H2 database (default: ~/.countersign-collector).")
        Path data;
        @Option(names = "--db", paramLabel = "JDBC_URL", description = "The database (default: H2 in --data). PostgreSQL: "
                + "jdbc:postgresql://HOST:PORT/DB; several collectors may serve one.")
        String db;
        @Option(names = "--db-user", paramLabel = "USER", description = "Database user (or user= in the URL).")
        String dbUser;
        @Option(names = "--db-password-env", paramLabel = "VAR", description = "Read the database password from this environment variable.")
        String dbPasswordEnv;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        Path dataDir() {
            return data != null ? data : Path.of(System.getProperty("user.home"), ".countersign-collector");
        }

        CollectorDatabase open() {
            String password = null;
            if (dbPasswordEnv != null) {
                password = System.getenv(dbPasswordEnv);
                if (password == null) {
                    throw new IllegalArgumentException("--db-password-env: the environment variable " + dbPasswordEnv + " is not set");
                }
            }
            if (db == null) {
                try {
                    java.nio.file.Files.createDirectories(dataDir());
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("--data: cannot create " + dataDir() + ": " + e.getMessage());
                }
            }
            return CollectorDatabase.open(dataDir(), db, dbUser, password);
        }

        @Override
        public final Integer call() throws Exception {
            try {
                return run();
            } catch (IllegalArgumentException | IllegalStateException e) {
                err().println("countersign collector " + spec.name() + ": " + e.getMessage());
                return 2;
            }
        }

        abstract Integer run() throws Exception;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the collector: prints its public key (also written to DIR/collector.pub) and serves the JSON API.",
                    "HTTPS with --tls-keystore; otherwise plain HTTP (loopback or behind a TLS proxy)."})
    static final class Serve extends WithData {
        @Option(names = "--port", required = true, paramLabel = "PORT", description = "Port to listen on (0: any free port).")
        int port;
        @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "Address to bind (default: all).")
        String host;
        @Option(names = "--name", paramLabel = "NAME", description = "The witness key's name when it is made (default: "
                + "countersign.collector/<random>).")
        String name;
        @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 or JKS keystore with the server certificate.")
        Path keystore;
        @Option(names = "--tls-password-env", paramLabel = "VAR", description = "Environment variable holding the keystore password.")
        String keystorePasswordEnv;

        @Override
        Integer run() throws Exception {
            CollectorServer.Tls tls = null;
            if (keystore != null) {
                String pw = keystorePasswordEnv == null ? null : System.getenv(keystorePasswordEnv);
                if (pw == null) {
                    throw new IllegalArgumentException("--tls-keystore needs --tls-password-env VAR naming a set environment variable");
                }
                if (!java.nio.file.Files.isReadable(keystore)) {
                    throw new IllegalArgumentException("--tls-keystore: cannot read " + keystore);
                }
                tls = new CollectorServer.Tls(keystore, pw);
            }
            var key = CollectorKey.loadOrCreate(dataDir(), name);
            CollectorDatabase database = open();
            Collector collector = new Collector(database, key, Clock.systemUTC());
            CollectorServer server = new CollectorServer(collector, host, port, tls).start();
            out().println("collector key: " + key.vkey());
            out().println("written to " + dataDir().resolve(CollectorKey.PUB_FILE));
            out().println("listening on " + (tls == null ? "http" : "https") + "://" + host + ":" + server.port()
                    + " (database: " + (db == null ? "H2 in " + dataDir() : CollectorDatabase.redact(db)) + ")");
            out().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                database.compactAndClose();
            }, "collector-shutdown"));
            Thread.currentThread().join();
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a one-time enrolment token for one device: 'countersign sync enroll --endpoint URL --token TOKEN'.")
    static final class Token extends WithData {
        @Option(names = "--origin", required = true, paramLabel = "NAME", description = "The name the device is known by here.")
        String origin;

        @Override
        Integer run() {
            try (CollectorDatabase database = open()) {
                out().println(new Collector(database, null, Clock.systemUTC()).newEnrollmentToken(origin));
            }
            return 0;
        }
    }

    @Command(name = "admin-token", mixinStandardHelpOptions = true,
            description = "Print a new administrator token for the API (GET /v1/alerts, /v1/devices with Authorization: Bearer TOKEN).")
    static final class AdminToken extends WithData {
        @Override
        Integer run() {
            try (CollectorDatabase database = open()) {
                out().println(new Collector(database, null, Clock.systemUTC()).newAdminToken());
            }
            return 0;
        }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true,
            description = "List what the collector refused as inconsistent with what it witnessed (forks, rewritten entries).")
    static final class Alerts extends WithData {
        @Option(names = "--fail-on-alerts", description = "Exit 1 when there is any alert (for monitoring).")
        boolean failOnAlerts;

        @Override
        Integer run() {
            try (CollectorDatabase database = open()) {
                var alerts = new Collector(database, null, Clock.systemUTC()).alerts();
                if (alerts.isEmpty()) {
                    out().println("no alerts");
                }
                for (var a : alerts) {
                    out().println("#" + a.id() + " " + a.at() + " " + a.device() + " " + a.kind()
                            + (a.index() == null ? "" : " entry #" + a.index()) + ": " + a.message());
                }
                return failOnAlerts && !alerts.isEmpty() ? 1 : 0;
            }
        }
    }

    @Command(name = "devices", mixinStandardHelpOptions = true,
            description = "List enrolled devices: entries held, last entry's time on the device and when it was received here.")
    static final class Devices extends WithData {
        @Override
        Integer run() {
            try (CollectorDatabase database = open()) {
                var list = new Collector(database, null, Clock.systemUTC()).devices();
                if (list.isEmpty()) {
                    out().println("no devices enrolled");
                }
                for (var d : list) {
                    out().println(d.name() + "  " + d.vkey() + "  " + d.size() + " entries"
                            + (d.lastDeviceTs() == null ? "" : "  last entry " + d.lastDeviceTs() + " received " + d.lastReceivedAt()));
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write what the collector holds of one device's log as an audit bundle (audit-bundle-v1):",
                    "the device's entries and its own signed checkpoint (with this collector's cosignature line)."})
    static final class Export extends WithData {
        @Option(names = "--origin", required = true, paramLabel = "NAME", description = "The device's name here, or its log's origin.")
        String origin;
        @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "A new directory to write.")
        Path bundle;

        @Override
        Integer run() throws Exception {
            try (CollectorDatabase database = open()) {
                var written = new Collector(database, null, Clock.systemUTC()).export(origin, bundle);
                out().println("wrote " + bundle + ": " + written.size() + " entries root=" + written.checkpoint().rootBase64());
            } catch (java.io.IOException e) {
                err().println("countersign collector export: " + e.getMessage());
                return 2;
            }
            return 0;
        }
    }

    /** The collector jar's entry point. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new CollectorCommand());
        cl.setCommandName("java -jar countersign-collector.jar");
        System.exit(cl.execute(args));
    }
}
