package io.countersign.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The collector's HTTP API (JSON; README "Running a collector" documents it):
 * <ul>
 *   <li>{@code GET /v1/key} — the witness key devices pin;</li>
 *   <li>{@code POST /v1/enroll} {@code {"token","vkey"}} — a device enrols with a one-time token;</li>
 *   <li>{@code GET /v1/log} — (signed by the device) what the collector holds of its log;</li>
 *   <li>{@code POST /v1/log} {@code {"start","entries":[lines],"checkpoint"}}, or as {@value #LINES_TYPE}: the
 *       header {@code {"start","checkpoint"}} on the first line, then each entry as stored — (signed; gzip allowed)
 *       append, answered with the cosigned checkpoint; 409 names the first conflicting entry;</li>
 *   <li>{@code GET /v1/alerts}, {@code GET /v1/devices} — (administrator bearer token).</li>
 * </ul>
 */
final class CollectorServer implements AutoCloseable {

    /** Largest request body accepted, compressed or not (a batch is at most 2,000 entries or 4 MB of lines). */
    static final long MAX_BODY = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Collector collector;
    private final Javalin app;

    /** TLS from a PKCS#12 or JKS keystore; null for plain HTTP (loopback, or behind a TLS proxy). */
    record Tls(Path keystore, String password) {
    }

    CollectorServer(Collector collector, String host, int port, Tls tls) {
        this.collector = collector;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY;
            if (tls == null) {
                config.jetty.host = host;
                config.jetty.port = port;
            } else {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
                    ssl.setKeyStorePassword(tls.password());
                    http.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(http));
                    c.setHost(host);
                    c.setPort(port);
                    return c;
                });
                config.jetty.port = -1; // only the TLS connector
            }
            config.routes.get("/v1/key", ctx -> json(ctx, 200, obj().put("collectorKey", collector.key().vkey())));
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.post("/v1/enroll", this::enroll);
            config.routes.get("/v1/log", ctx -> {
                Collector.Device d = device(ctx, new byte[0]);
                json(ctx, 200, head(collector.held(d)));
            });
            config.routes.post("/v1/log", this::append);
            config.routes.get("/v1/alerts", this::alerts);
            config.routes.get("/v1/devices", this::devices);
            config.routes.exception(Refused.class, (e, ctx) -> {
                ObjectNode body = obj().put("error", e.getMessage());
                if (e.index != null) {
                    body.put("index", e.index);
                }
                if (e.size != null) {
                    body.put("size", e.size);
                }
                json(ctx, e.status, body);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                org.slf4j.LoggerFactory.getLogger(CollectorServer.class).error("request {} {} failed", ctx.method(), ctx.path(), e);
                json(ctx, 500, obj().put("error", "the collector failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            });
        });
    }

    CollectorServer start() {
        app.start();
        return this;
    }

    int port() {
        return app.port();
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode head(Collector.Head h) {
        ObjectNode o = obj().put("name", h.name()).put("origin", h.origin()).put("size", h.size()).put("root", h.root());
        o.put("cosigned", h.cosigned());
        o.put("receivedAt", h.updatedAt() == null ? null : h.updatedAt().toString());
        return o;
    }

    /** The body as sent (for the signature) and decoded (gzip inflated, at most {@link #MAX_BODY}). */
    private static byte[] decoded(Context ctx, byte[] raw) throws IOException {
        String enc = ctx.header("Content-Encoding");
        if (enc == null || enc.isBlank() || enc.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!enc.equalsIgnoreCase("gzip")) {
            throw new Refused(415, "Content-Encoding " + enc + " is not supported (gzip or none)");
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                out.write(buf, 0, r);
                if (out.size() > MAX_BODY) {
                    throw new Refused(413, "the request inflates to more than " + (MAX_BODY >> 20) + " MB");
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.ZipException e) {
            throw new Refused(400, "the body is not valid gzip: " + e.getMessage());
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new Refused(400, "the body is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Refused(400, "the body is not JSON: " + e.getMessage());
        }
    }

    private Collector.Device device(Context ctx, byte[] raw) {
        String header = ctx.header(io.countersign.core.sync.RequestSignature.HEADER);
        if (header == null) {
            throw new Refused(401, "the request is not signed (header " + io.countersign.core.sync.RequestSignature.HEADER + ")");
        }
        return collector.authenticate(header, ctx.method().name(), ctx.path(), raw)
                .orElseThrow(() -> new Refused(401, "the request's signature matches no enrolled device"));
    }

    private void enroll(Context ctx) throws IOException {
        JsonNode body = parse(decoded(ctx, ctx.bodyAsBytes()));
        Collector.Head h = collector.enroll(body.path("token").asText(null), body.path("vkey").asText(null));
        json(ctx, 200, head(h).put("collectorKey", collector.key().vkey()));
    }

    /** The append body as lines: a JSON header line, then each entry's bytes exactly as hashed, one per line. */
    static final String LINES_TYPE = io.countersign.core.sync.CollectorClient.LINES_TYPE;

    private void append(Context ctx) throws IOException {
        byte[] raw = ctx.bodyAsBytes();
        Collector.Device d = device(ctx, raw);
        byte[] decoded = decoded(ctx, raw);
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].strip();
        JsonNode body;
        List<String> lines;
        if (type.equalsIgnoreCase(LINES_TYPE)) {
            int nl = indexOf(decoded, 0);
            if (nl < 0) {
                throw new Refused(400, "the body has no header line ({\"start\",\"checkpoint\"} then one entry per line)");
            }
            body = parse(java.util.Arrays.copyOf(decoded, nl));
            lines = entryLines(decoded, nl + 1);
        } else {
            body = parse(decoded);
            JsonNode entries = body.get("entries");
            if (entries == null || !entries.isArray()) {
                throw new Refused(400, "\"entries\" is not an array of lines");
            }
            lines = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                if (!entries.get(i).isTextual()) {
                    throw new Refused(400, "\"entries\"[" + i + "] is not a string");
                }
                lines.add(entries.get(i).asText());
            }
        }
        JsonNode start = body.get("start");
        JsonNode checkpoint = body.get("checkpoint");
        if (start == null || !start.canConvertToLong() || !start.isIntegralNumber()) {
            throw new Refused(400, "\"start\" is not an integer");
        }
        if (checkpoint == null || !checkpoint.isTextual()) {
            throw new Refused(400, "\"checkpoint\" is not a signed note");
        }
        json(ctx, 200, head(collector.append(d, start.asLong(), lines, checkpoint.asText())));
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The entries after the header: each line strictly UTF-8, the last one ended by a line break too. */
    static List<String> entryLines(byte[] body, int from) {
        List<String> lines = new ArrayList<>();
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        int at = from;
        while (at < body.length) {
            int nl = indexOf(body, at);
            if (nl < 0) {
                throw new Refused(400, "entry " + lines.size() + " of the body does not end with a line break (cut short?)");
            }
            try {
                lines.add(utf8.decode(java.nio.ByteBuffer.wrap(body, at, nl - at)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new Refused(400, "entry " + lines.size() + " of the body is not valid UTF-8");
            }
            at = nl + 1;
        }
        return lines;
    }

    private void requireAdmin(Context ctx) {
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : null;
        if (!collector.isAdmin(token)) {
            throw new Refused(401, "an administrator token is needed (Authorization: Bearer …; 'collector admin-token' makes one)");
        }
    }

    private void alerts(Context ctx) throws IOException {
        requireAdmin(ctx);
        var list = JSON.createArrayNode();
        for (Collector.Alert a : collector.alerts()) {
            ObjectNode o = list.addObject().put("id", a.id()).put("at", a.at().toString()).put("device", a.device()).put("kind", a.kind());
            if (a.index() != null) {
                o.put("index", a.index());
            }
            o.put("message", a.message());
        }
        json(ctx, 200, list);
    }

    private void devices(Context ctx) throws IOException {
        requireAdmin(ctx);
        var list = JSON.createArrayNode();
        for (Collector.DeviceSummary d : collector.devices()) {
            list.addObject().put("name", d.name()).put("origin", d.origin()).put("vkey", d.vkey())
                    .put("enrolledAt", d.enrolledAt().toString()).put("size", d.size())
                    .put("lastEntryTs", d.lastDeviceTs()).put("lastReceivedAt", d.lastReceivedAt());
        }
        json(ctx, 200, list);
    }

    @Override
    public void close() {
        app.stop();
    }
}
