package io.countersign.adapters.channels.http;

import io.countersign.core.outbox.SendOutcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One HTTP attempt with OkHttp, classified the way the outbox needs: did the request reach the
 * server at all? A failure before the request was fully written (refused, DNS, TLS) was certainly
 * not delivered; a failure after it (a read timeout, a reset while waiting for the answer) might
 * have been, which only a deduplicating receiver can retry safely.
 */
public final class HttpSend {

    private static final OkHttpClient SHARED = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    private HttpSend() {
    }

    /** A client for one adapter: its own timeouts, the shared connection pool, never a silent retry. */
    public static OkHttpClient client(Duration timeout) {
        return SHARED.newBuilder().connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeout.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS).build();
    }

    /** What came back: a response (status, headers, body read), or the failure and whether the request had gone out. */
    public record Result(int status, String body, Response headers, IOException failure, boolean requestSent) {
        public boolean ok() {
            return failure == null && status >= 200 && status < 300;
        }

        public String header(String name) {
            return headers == null ? null : headers.header(name);
        }
    }

    public static Result execute(OkHttpClient client, Request request) {
        AtomicBoolean sent = new AtomicBoolean();
        OkHttpClient tracked = client.newBuilder().eventListener(new EventListener() {
            @Override
            public void requestBodyEnd(Call call, long byteCount) {
                sent.set(true);
            }
        }).build();
        try (Response r = tracked.newCall(request).execute()) {
            String body = r.body().string();
            return new Result(r.code(), body.length() > 4000 ? body.substring(0, 4000) + "…" : body, r, null, true);
        } catch (IOException e) {
            return new Result(-1, "", null, e, sent.get());
        }
    }

    /**
     * The outcome of a failed exchange. {@code where} names the identity and the server;
     * {@code deduplicates}: the receiver recognises a retry by its key, so even a request that may
     * have arrived is simply retried.
     */
    public static SendOutcome failure(Result r, String where, boolean deduplicates, Clock clock) {
        if (r.failure() != null) {
            IOException e = r.failure();
            String what = describe(e);
            if (r.requestSent() && !deduplicates) {
                // Whatever broke (a reset, a TLS alert, a timeout) broke after the request was out.
                return new SendOutcome.Unknown(where + ": " + what + " after the request was sent, so the provider may have "
                        + "accepted the message");
            }
            if (e instanceof UnknownHostException) {
                return new SendOutcome.CredentialsRefused("cannot find the server of " + where + ": " + what);
            }
            if (e instanceof SSLException) {
                return new SendOutcome.CredentialsRefused("TLS with " + where + " failed: " + what);
            }
            if (!r.requestSent() || e instanceof ConnectException || deduplicates) {
                return SendOutcome.Failed.transient_(where + ": " + what);
            }
            return new SendOutcome.Unknown(where + ": " + what + " after the request was sent, so the provider may have "
                    + "accepted the message");
        }
        int s = r.status();
        if (s == 401 || s == 403) {
            return new SendOutcome.CredentialsRefused(where + " refused the credentials (HTTP " + s + ")" + detail(r.body()));
        }
        if (s == 504 && !deduplicates) {
            return new SendOutcome.Unknown(where + " answered HTTP 504 (a gateway timed out waiting for the provider, which may "
                    + "have accepted the message)");
        }
        if (s == 429 || s == 408 || s >= 500) {
            return new SendOutcome.Failed(false, where + " answered HTTP " + s + detail(r.body()), retryAfter(r, clock));
        }
        return SendOutcome.Failed.permanent(where + " refused the message (HTTP " + s + ")" + detail(r.body()));
    }

    private static String describe(IOException e) {
        if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "no answer in time";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String detail(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return b.isEmpty() ? "" : ": " + (b.length() > 500 ? b.substring(0, 500) + "…" : b);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110), else a provider's rate-limit reset header. */
    static Duration retryAfter(Result r, Clock clock) {
        String v = r.header("Retry-After");
        if (v != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(clock.instant(), at);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (java.time.format.DateTimeParseException ignored) {
                    return null;
                }
            }
        }
        String reset = r.header("X-RateLimit-Reset");
        if (reset != null) {
            try {
                Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
