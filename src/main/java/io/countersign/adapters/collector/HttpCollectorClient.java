package io.countersign.adapters.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.sync.CollectorClient;
import io.countersign.core.sync.CollectorRefusal;
import io.countersign.core.sync.RequestSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The collector over HTTP(S) with OkHttp: JSON bodies, appends gzip-compressed, every request after
 * enrolment signed with the device's log key. A collector that answers 4xx refuses
 * ({@link CollectorRefusal}; 409 names the first conflicting entry); no answer, a dropped
 * connection or a 5xx is an {@link IOException}, so the device stays offline and retries.
 */
public final class HttpCollectorClient implements CollectorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final MediaType LINES_TYPE = MediaType.get(CollectorClient.LINES_TYPE);

    /** Makes clients sharing one connection pool. */
    public static final class Factory implements CollectorClient.Factory {
        private final OkHttpClient http;
        private final Clock clock;

        public Factory(Clock clock) {
            this(clock, null, null);
        }

        /** @param tls a socket factory and its trust manager for a collector whose certificate the system does not trust (null: system) */
        public Factory(Clock clock, javax.net.ssl.SSLSocketFactory tls, javax.net.ssl.X509TrustManager trust) {
            OkHttpClient.Builder b = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60)).writeTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(120))
                    .retryOnConnectionFailure(true).socketFactory(new NoDelaySockets());
            if (tls != null) {
                b.sslSocketFactory(tls, trust);
            }
            this.http = b.build();
            this.clock = clock;
        }

        @Override
        public CollectorClient connect(String endpoint, NoteKey deviceKey) {
            HttpUrl base = HttpUrl.parse(endpoint.strip());
            if (base == null) {
                throw new IllegalArgumentException("'" + endpoint + "' is not an http:// or https:// URL");
            }
            return new HttpCollectorClient(http, base, deviceKey, clock);
        }
    }

    /**
     * Plain sockets with Nagle's algorithm off (TLS is layered on them). With it on, the last part of
     * each request body waited for the collector's delayed acknowledgement: about 40 ms per append
     * batch on loopback, a third of a sync's time.
     */
    static final class NoDelaySockets extends javax.net.SocketFactory {
        private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

        private static java.net.Socket noDelay(java.net.Socket s) throws java.net.SocketException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(host, port, local, localPort));
        }
    }

    private final OkHttpClient http;
    private final HttpUrl base;
    private final NoteKey key;
    private final Clock clock;

    private HttpCollectorClient(OkHttpClient http, HttpUrl base, NoteKey key, Clock clock) {
        this.http = http;
        this.base = base;
        this.key = key;
        this.clock = clock;
    }

    private HttpUrl url(String path) {
        return base.newBuilder().encodedPath((base.encodedPath().replaceAll("/$", "")) + path).build();
    }

    @Override
    public String collectorKey() throws IOException {
        return call(new Request.Builder().url(url("/v1/key")).get().build()).path("collectorKey").asText();
    }

    @Override
    public Enrolled enroll(String token, String deviceVkey) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("token", token).put("vkey", deviceVkey);
        JsonNode answer = call(new Request.Builder().url(url("/v1/enroll"))
                .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
        return new Enrolled(answer.path("name").asText(), answer.path("origin").asText(), answer.path("collectorKey").asText());
    }

    @Override
    public Held held() throws IOException {
        HttpUrl u = url("/v1/log");
        return held(call(signed(new Request.Builder().url(u).get(), "GET", u, new byte[0]).build()));
    }

    @Override
    public Held append(long start, List<String> lines, String checkpointNote) throws IOException {
        // Entries go as lines, byte for byte as hashed: no JSON escaping of JSON here, none to undo there.
        ObjectNode header = JSON.createObjectNode().put("start", start).put("checkpoint", checkpointNote);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
            out.write(JSON.writeValueAsBytes(header));
            out.write('\n');
            for (String line : lines) {
                if (line.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("an audit line holds a line break; it cannot be sent as one entry");
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        byte[] raw = gz.toByteArray();
        HttpUrl u = url("/v1/log");
        return held(call(signed(new Request.Builder().url(u).header("Content-Encoding", "gzip")
                .post(RequestBody.create(raw, LINES_TYPE)), "POST", u, raw).build()));
    }

    private Request.Builder signed(Request.Builder b, String method, HttpUrl u, byte[] body) {
        return b.header(RequestSignature.HEADER, RequestSignature.header(key, method, u.encodedPath(),
                clock.instant().getEpochSecond(), body));
    }

    private static Held held(JsonNode n) {
        JsonNode c = n.get("cosigned");
        return new Held(n.path("size").asLong(), c == null || c.isNull() ? null : c.asText());
    }

    private JsonNode call(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            byte[] bytes = r.body().bytes();
            JsonNode n;
            try {
                n = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            } catch (IOException notJson) {
                n = null;
            }
            if (r.code() >= 500) {
                throw new IOException("the collector at " + base + " failed (HTTP " + r.code() + (n != null && n.has("error")
                        ? ": " + n.get("error").asText() : "") + ")");
            }
            if (n == null || !n.isContainerNode()) {
                throw new IOException("the collector at " + base + " did not answer JSON (HTTP " + r.code() + "): is this a collector?");
            }
            if (r.code() >= 400) {
                JsonNode index = n.get("index");
                throw new CollectorRefusal(r.code(), index == null || !index.canConvertToLong() ? null : index.asLong(),
                        "the collector refused (HTTP " + r.code() + "): " + n.path("error").asText("no reason given"));
            }
            return n;
        }
    }
}
