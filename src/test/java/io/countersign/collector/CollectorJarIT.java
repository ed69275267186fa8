package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.adapters.collector.CollectorTrust;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.bundle.BundleVerifier;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.sync.SyncService;
import io.countersign.core.sync.SyncStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as IT runs it: the separate {@code countersign-collector.jar} (built by {@code mvn
 * package}, no JavaFX), started as its own process over HTTPS with a self-signed certificate made
 * by {@code keytool}. A device that trusts the certificate enrols and pushes; one that does not is
 * refused by TLS. The collector is killed with SIGKILL while it ingests the device's batches and
 * started again on the same data: the device then pushes the rest, every entry is witnessed once,
 * and the collector's export of the device's log verifies.
 */
class CollectorJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (https?)://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("collector.jar", "target/countersign-collector.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn package' first");
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theCollectorJarHoldsNothingOfTheDesktop() throws IOException {
        List<String> desktop = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (var e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                classes += n.endsWith(".class") ? 1 : 0;
                if (n.startsWith("javafx/") || n.startsWith("com/sun/javafx/") || n.startsWith("com/sun/glass/")
                        || n.startsWith("com/sun/prism/") || n.startsWith("org/controlsfx/") || n.startsWith("atlantafx/")
                        || n.startsWith("org/fxmisc/") || n.startsWith("org/kordamp/ikonli/")
                        || n.startsWith("io/countersign/ui/") || n.startsWith("io/countersign/app/")
                        || n.startsWith("io/countersign/cli/") || n.startsWith("io/countersign/adapters/")
                        || n.endsWith(".fxml") || n.endsWith(".so") && n.contains("glass")) {
                    desktop.add(n);
                }
            }
            assertEquals("io.countersign.collector.CollectorCommand", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(jar.getEntry("db/collector/") != null || jar.stream().anyMatch(e -> e.getName().startsWith("db/collector/V")),
                    "the collector's migrations are in the jar");
        }
        assertTrue(classes > 1000, "a runnable jar with its dependencies: " + classes + " classes");
        assertEquals(List.of(), desktop.subList(0, Math.min(20, desktop.size())), desktop.size() + " desktop entries in the collector jar");
    }

    /** Starts {@code serve} and waits for the line that says where it listens; returns the port. */
    /** @param keystore null: plain HTTP */
    private int serve(Path data, Path keystore, int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", jar().toString(), "serve", "--port", String.valueOf(port),
                "--host", "127.0.0.1", "--data", data.toString(), "--name", "it.collector/c1"));
        if (keystore != null) {
            cmd.addAll(List.of("--tls-keystore", keystore.toString(), "--tls-password-env", "IT_KEYSTORE_PW"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("IT_KEYSTORE_PW", "it-secret");
        Process p = pb.start();
        started.add(p);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(keystore == null || m.group(1).equals("https") ? Integer.parseInt(m.group(2)) : -1);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            listening.completeExceptionally(new AssertionError("the collector ended without listening:\n" + out));
        }, "collector-out");
        reader.setDaemon(true);
        reader.start();
        return listening.get(60, TimeUnit.SECONDS);
    }

    /** Runs a short collector command (token, export) against the data the running server holds. */
    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ":\n" + out);
        return out;
    }

    /** Runs a collector command that prints a token and returns the token. */
    private String secret(String prefix, String... args) throws Exception {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]+").matcher(run(args));
        assertTrue(m.find(), String.join(" ", args) + " printed no " + prefix + " token");
        return m.group();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ":\n" + out);
    }

    @Test
    void aDeviceIsWitnessedOverHttpsByTheCollectorJarAndAKilledCollectorLosesNothingItConfirmed() throws Exception {
        Path keystore = tmp.resolve("collector.p12");
        Path cert = tmp.resolve("collector.pem");
        keytool("-genkeypair", "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "it-secret", "-keypass", "it-secret");
        keytool("-exportcert", "-rfc", "-alias", "collector", "-keystore", keystore.toString(), "-storepass", "it-secret",
                "-file", cert.toString());
        Path data = tmp.resolve("collector");
        int port = serve(data, keystore, 0);
        String endpoint = "https://127.0.0.1:" + port;
        String collectorKey = Files.readString(data.resolve(CollectorKey.PUB_FILE)).strip();
        String token = secret("cs-enroll-", "token", "--data", data.toString(), "--origin", "it-laptop");

        // A device that does not trust the self-signed certificate gets no connection at all.
        try (Countersign stranger = TestWorkspaces.open(tmp.resolve("stranger"), Clock.systemUTC())) {
            IOException refused = assertThrows(IOException.class,
                    () -> stranger.sync().enroll(endpoint, token, collectorKey, Actor.human("mallory")));
            assertTrue(String.valueOf(refused.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("certif")
                    || refused instanceof javax.net.ssl.SSLException, refused.toString());
        }

        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws);
        Files.copy(cert, ws.resolve(CollectorTrust.FILE));
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 6_000; i++) {
                lines.append(TestDrafts.jsonLine("d" + i, "Hello number " + i)).append('\n');
            }
            app.importer().importBytes("it.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
            SyncService sync = app.sync();
            sync.enroll(endpoint, token, collectorKey, Actor.human("alice"));
            long total = app.audit().size(); // the enrolment is an entry too
            assertTrue(total > 12_000, "enough entries for many batches: " + total);

            // Push in the background; SIGKILL the collector once it has confirmed part of the log.
            CompletableFuture<Object> pushing = CompletableFuture.supplyAsync(() -> {
                try {
                    return sync.push();
                } catch (Exception e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sync.status().witnessed().map(SyncStore.Witnessed::size).orElse(0L) == 0 && !pushing.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            started.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Object first = pushing.get(120, TimeUnit.SECONDS);
            long confirmed = sync.status().witnessed().map(SyncStore.Witnessed::size).orElse(0L);
            assertTrue(confirmed > 0, "the collector had confirmed part of the log before it was killed");
            // Killed between batches or inside one: the push fails as "offline" and nothing local changed.
            assertTrue(first instanceof IOException, "killed part-way (" + confirmed + " of " + total + " confirmed): " + first);
            assertTrue(confirmed < total, confirmed + " of " + total);
            assertTrue(sync.status().lastAttempt().orElseThrow().error().startsWith("offline"), sync.status().toString());

            // Started again on the same data: what it confirmed is there, the rest arrives, nothing twice.
            // The same port: the device knows the collector by its endpoint.
            assertEquals(port, serve(data, keystore, port));
            SyncService.Pushed rest = sync.push();
            assertTrue(rest.complete(), rest.toString());
            SyncService.Status status = sync.status();
            assertEquals(0, status.pending(), status.toString());
            assertEquals(total, status.witnessed().orElseThrow().size());
            assertTrue(rest.sent() > 0 && rest.sent() <= total - confirmed + 1000,
                    "resumes from what the collector holds, not from the start: sent " + rest.sent() + " after " + confirmed);
            AuditVerification ok = app.audit().verify();
            assertTrue(ok.ok(), ok.summary());

            String devices = run("devices", "--data", data.toString());
            assertTrue(devices.contains("it-laptop") && devices.contains(total + " entries"), devices);
            Path bundle = tmp.resolve("bundle");
            run("export", "--data", data.toString(), "--origin", "it-laptop", "--bundle", bundle.toString());
            BundleVerifier.Result r = BundleVerifier.verify(bundle, app.auditBundles().vkey(), null);
            assertTrue(r.ok(), r.summary());
            assertEquals(total, r.size());
            assertEquals("no alerts", run("alerts", "--data", data.toString()).strip(), "nothing was inconsistent");
        }
    }

    /** How many entries of the killed laptop's log the collector holds (its administrator API: a few ms a call). */
    private static long held(java.net.http.HttpClient http, String endpoint, String adminToken) throws Exception {
        var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint + "/v1/devices"))
                .header("Authorization", "Bearer " + adminToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        for (var d : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body())) {
            if (d.path("name").asText().equals("killed-laptop")) {
                return d.path("size").asLong();
            }
        }
        return 0;
    }

    @Test
    void theConsoleKilledWithSigkillWhilePushingLosesAndDuplicatesNothing() throws Exception {
        Path console = Path.of(System.getProperty("console.jar", "target/countersign.jar"));
        assertTrue(Files.isRegularFile(console), console + " is missing: run 'mvn package' first");
        Path data = tmp.resolve("collector");
        int port = serve(data, null, 0);
        String endpoint = "http://127.0.0.1:" + port;
        String collectorKey = Files.readString(data.resolve(CollectorKey.PUB_FILE)).strip();
        String token = secret("cs-enroll-", "token", "--data", data.toString(), "--origin", "killed-laptop");
        String admin = secret("cs-admin-", "admin-token", "--data", data.toString());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Path ws = tmp.resolve("ws");
        java.util.Random random = new java.util.Random(7);
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            app.sync().enroll(endpoint, token, collectorKey, Actor.human("alice"));
        }
        int killedMidway = 0;
        long size = 0;
        for (int round = 0; round < 3; round++) {
            try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 3_000; i++) {
                    lines.append(TestDrafts.jsonLine("r" + round + "-" + i, "Hello number " + i)).append('\n');
                }
                app.importer().importBytes("it.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
                size = app.audit().size();
            }
            long before = held(http, endpoint, admin);
            // `countersign sync` as its own process, killed at a random moment of its push.
            Process sync = new ProcessBuilder(java(), "-Xmx256m", "-jar", console.toString(), "--home", ws.toString(), "sync")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("sync-" + round + ".log").toFile()).start();
            // Killed once the collector has taken part of this round (at a random point after that), however slow the machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sync.isAlive() && held(http, endpoint, admin) == before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(150));
            sync.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long after = held(http, endpoint, admin);
            killedMidway += after > before && after < size ? 1 : 0; // part of this round's entries arrived, not all
        }
        assertTrue(killedMidway > 0, "at least one push was killed after the collector took part of it");
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            long total = app.audit().size();
            SyncService.Pushed rest = app.sync().push();
            assertTrue(rest.complete(), rest.toString());
            assertEquals(total, app.sync().status().witnessed().orElseThrow().size());
            AuditVerification ok = app.audit().verify();
            assertTrue(ok.ok(), ok.summary());
            Path bundle = tmp.resolve("bundle");
            run("export", "--data", data.toString(), "--origin", "killed-laptop", "--bundle", bundle.toString());
            BundleVerifier.Result r = BundleVerifier.verify(bundle, app.auditBundles().vkey(), null);
            assertTrue(r.ok(), r.summary());
            assertEquals(total, r.size(), "the collector holds every entry once, and the roots agree");
            assertEquals("no alerts", run("alerts", "--data", data.toString()).strip());
        }
    }
}

