package io.countersign.adapters.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** An OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): codes and refresh tokens in, access tokens out. */
public final class TokenEndpoint {

    /** What the endpoint granted; {@code refreshToken} is null when it did not send a new one. */
    public record Grant(String accessToken, Duration expiresIn, String refreshToken, String scope) {
        @Override
        public String toString() {
            return "Grant[expires in " + expiresIn + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 6749 §5.2 errors that say the grant or the client will not be accepted again as it is. */
    private static final java.util.Set<String> REFUSALS = java.util.Set.of("invalid_grant", "invalid_client",
            "unauthorized_client", "invalid_scope", "access_denied", "unsupported_grant_type");
    private static final int MAX_BODY = 64 * 1024;
    private final Duration timeout;
    private volatile OkHttpClient http;

    public TokenEndpoint(Duration timeout) {
        this.timeout = timeout;
    }

    /** Made when first needed: opening a workspace costs nothing for identities that never use OAuth. */
    private OkHttpClient http() {
        OkHttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                            .callTimeout(timeout.multipliedBy(2)).followRedirects(false).build();
                }
                c = http;
            }
        }
        return c;
    }

    public Grant refresh(OAuthCredential c) {
        FormBody.Builder form = new FormBody.Builder().add("grant_type", "refresh_token")
                .add("refresh_token", c.refreshToken()).add("client_id", c.clientId());
        if (!c.clientSecret().isEmpty()) {
            form.add("client_secret", c.clientSecret());
        }
        if (!c.scope().isEmpty()) {
            form.add("scope", c.scope());
        }
        return post(c.tokenUrl(), form.build(), "renewing the sign-in");
    }

    public Grant exchange(String tokenUrl, String clientId, String clientSecret, String code, String redirectUri,
                          String verifier) {
        FormBody.Builder form = new FormBody.Builder().add("grant_type", "authorization_code").add("code", code)
                .add("redirect_uri", redirectUri).add("client_id", clientId).add("code_verifier", verifier);
        if (clientSecret != null && !clientSecret.isEmpty()) {
            form.add("client_secret", clientSecret);
        }
        return post(tokenUrl, form.build(), "finishing the sign-in");
    }

    private Grant post(String url, FormBody body, String doing) {
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
        if (parsed == null) {
            throw new OAuthException("the token URL '" + url + "' is not an http(s) URL", true, null);
        }
        if (!parsed.isHttps() && !isLoopback(parsed.host())) {
            throw new OAuthException("the token URL " + url + " is not https: the refresh token would travel in clear", true, null);
        }
        Request request = new Request.Builder().url(parsed).post(body).header("Accept", "application/json").build();
        try (Response r = http().newCall(request).execute()) {
            String text = read(r.body());
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
            String error = json == null ? "" : json.path("error").asText("");
            if (REFUSALS.contains(error) && r.code() >= 400 && r.code() < 500) {
                // Only the provider's own word that the grant or client is not accepted means "sign in again";
                // a proxy's error page or an unknown error is a failure that a later attempt may not have.
                String detail = json.path("error_description").asText("");
                throw new OAuthException(parsed.host() + " refused " + doing + " (HTTP " + r.code() + ", " + error
                        + (detail.isEmpty() ? "" : ": " + oneLine(detail)) + ")", true, null);
            }
            if (!r.isSuccessful()) {
                throw new OAuthException(parsed.host() + " answered HTTP " + r.code() + (error.isEmpty() ? "" : " (" + error + ")")
                        + " while " + doing, false, null);
            }
            String token = json == null ? "" : json.path("access_token").asText("");
            if (token.isEmpty()) {
                throw new OAuthException(parsed.host() + " sent no access_token while " + doing, false, null);
            }
            long seconds = json.path("expires_in").asLong(3600);
            String refresh = json.path("refresh_token").asText("");
            return new Grant(token, Duration.ofSeconds(Math.max(60, seconds)), refresh.isEmpty() ? null : refresh,
                    json.path("scope").asText(""));
        } catch (IOException e) {
            throw new OAuthException("cannot reach " + parsed.host() + " while " + doing + ": " + e.getMessage(), false, e);
        }
    }

    private static String read(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        okio.BufferedSource source = body.source();
        source.request(MAX_BODY + 1L);
        long n = Math.min(source.getBuffer().size(), MAX_BODY);
        return source.getBuffer().readUtf8(n);
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]");
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
