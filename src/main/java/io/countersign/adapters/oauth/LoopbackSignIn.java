package io.countersign.adapters.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.countersign.core.identity.IdentityException;
import io.countersign.core.identity.SignInFlow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * OAuth 2.0 for a desktop app (RFC 8252): the authorization code flow with PKCE (RFC 7636, S256)
 * and a loopback redirect. A one-shot HTTP listener on the loopback address receives the browser
 * after the person has signed in; the {@code state} must match, the code is exchanged at the token
 * endpoint, and what the vault keeps is an {@link OAuthCredential} with the refresh token.
 */
public final class LoopbackSignIn implements SignInFlow {

    /** A provider's endpoints and the scopes for sending and reading mail with XOAUTH2. */
    record Provider(String name, String authorizeUrl, String tokenUrl, String scope, Map<String, String> extra,
                    String redirectHost) {
    }

    private final TokenEndpoint endpoint;
    private final SecureRandom random = new SecureRandom();

    public LoopbackSignIn(TokenEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    static Provider provider(SignInFlow.Request r) throws IdentityException {
        String p = r.provider() == null ? "" : r.provider().strip().toLowerCase(java.util.Locale.ROOT);
        Provider base;
        if (p.equals("google")) {
            // access_type=offline and prompt=consent: Google sends a refresh token only with both
            base = new Provider("google", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
                    "https://mail.google.com/", Map.of("access_type", "offline", "prompt", "consent"), "127.0.0.1");
        } else if (p.equals("microsoft") || p.startsWith("microsoft:")) {
            String tenant = p.startsWith("microsoft:") ? r.provider().strip().substring("microsoft:".length()) : "organizations";
            if (!tenant.matches("[A-Za-z0-9.-]{1,100}")) {
                throw new IdentityException("--provider: '" + tenant + "' is not a Microsoft tenant (a domain or a directory id)");
            }
            String root = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/";
            base = new Provider("microsoft", root + "authorize", root + "token", "offline_access "
                    + "https://outlook.office.com/SMTP.Send https://outlook.office.com/IMAP.AccessAsUser.All", Map.of(), "localhost");
        } else if (p.equals("custom")) {
            if (r.authorizeUrl() == null || r.tokenUrl() == null) {
                throw new IdentityException("--provider custom needs --authorize-url and --token-url");
            }
            base = new Provider("custom", r.authorizeUrl(), r.tokenUrl(), "", Map.of(), "127.0.0.1");
        } else {
            throw new IdentityException("--provider: unknown provider '" + r.provider()
                    + "' (use google, microsoft, microsoft:TENANT or custom)");
        }
        String authorize = r.authorizeUrl() != null ? r.authorizeUrl().strip() : base.authorizeUrl();
        String token = r.tokenUrl() != null ? r.tokenUrl().strip() : base.tokenUrl();
        for (String[] u : new String[][]{{"--authorize-url", authorize}, {"--token-url", token}}) {
            URI uri;
            try {
                uri = new URI(u[1]);
            } catch (java.net.URISyntaxException e) {
                throw new IdentityException(u[0] + ": '" + u[1] + "' is not a URL");
            }
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean loopback = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && TokenEndpoint.isLoopback(uri.getHost());
            if (!https && !loopback) {
                throw new IdentityException(u[0] + ": " + u[1] + " must be an https URL");
            }
        }
        String scope = r.scope() != null && !r.scope().isBlank() ? r.scope().strip() : base.scope();
        return new Provider(base.name(), authorize, token, scope, base.extra(), base.redirectHost());
    }

    @Override
    public char[] signIn(SignInFlow.Request r, Consumer<URI> open) throws IdentityException, InterruptedException {
        Provider provider = provider(r);
        String verifier = token(48);
        String state = token(24);
        CompletableFuture<Map<String, String>> back = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new SignInFlow.Failed("cannot listen on this computer's loopback address for the browser to come back: "
                    + e.getMessage());
        }
        int port = server.getAddress().getPort();
        String redirect = "http://" + provider.redirectHost() + ":" + port + "/";
        server.createContext("/", exchange -> answer(exchange, state, back));
        // "localhost" may resolve to ::1 in the browser: listen there on the same port too, so no other
        // local program can take that address and the redirect with it (RFC 8252 §8.3).
        HttpServer v6 = null;
        if (provider.redirectHost().equals("localhost")) {
            try {
                v6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), port), 0);
                v6.createContext("/", exchange -> answer(exchange, state, back));
                v6.start();
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("in use")) {
                    server.stop(0);
                    throw new SignInFlow.Failed("another program listens on [::1]:" + port + ", where the browser would come "
                            + "back: sign in again (a new port is chosen each time)");
                }
                v6 = null; // no IPv6 loopback here: nobody can listen on it either
            }
        }
        server.start();
        HttpServer second = v6;
        try {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("response_type", "code");
            q.put("client_id", r.clientId().strip());
            q.put("redirect_uri", redirect);
            if (!provider.scope().isEmpty()) {
                q.put("scope", provider.scope());
            }
            q.put("state", state);
            q.put("code_challenge", challenge(verifier));
            q.put("code_challenge_method", "S256");
            if (r.loginHint() != null && !r.loginHint().isBlank()) {
                q.put("login_hint", r.loginHint().strip());
            }
            q.putAll(provider.extra());
            URI address = URI.create(provider.authorizeUrl() + (provider.authorizeUrl().contains("?") ? "&" : "?") + form(q));
            open.accept(address);
            Map<String, String> answer;
            try {
                answer = back.get(r.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new SignInFlow.Failed("the browser did not come back within " + minutes(r.timeout())
                        + ": sign in again (nothing was changed)");
            } catch (ExecutionException e) {
                throw new SignInFlow.Failed(e.getCause().getMessage());
            }
            String clientSecret = r.clientSecret() == null ? "" : new String(r.clientSecret());
            TokenEndpoint.Grant g;
            try {
                g = endpoint.exchange(provider.tokenUrl(), r.clientId().strip(), clientSecret, answer.get("code"), redirect,
                        verifier);
            } catch (OAuthException e) {
                throw new SignInFlow.Failed(e.getMessage());
            }
            if (g.refreshToken() == null) {
                throw new SignInFlow.Failed(provider.name() + " signed in but sent no refresh token, so the identity could not "
                        + "renew its access by itself" + (provider.name().equals("microsoft") ? " (is offline_access in the scope?)"
                        : " (does the client allow offline access?)"));
            }
            return new OAuthCredential(provider.name(), provider.tokenUrl(), r.clientId().strip(), clientSecret,
                    g.refreshToken(), provider.scope()).toSecret();
        } finally {
            server.stop(0);
            if (second != null) {
                second.stop(0);
            }
        }
    }

    /**
     * The browser's way back: one answer is taken (the first with the right state). The page is sent
     * before the sign-in goes on, which then stops this listener.
     */
    private static void answer(HttpExchange exchange, String state, CompletableFuture<Map<String, String>> back) throws IOException {
        Map<String, String> q = parse(exchange.getRequestURI().getRawQuery());
        String page;
        int status = 200;
        Runnable then = () -> { };
        if (!"GET".equals(exchange.getRequestMethod()) || q.isEmpty()) {
            status = 404;
            page = "Not here.";
        } else if (!state.equals(q.get("state"))) {
            status = 400;
            page = "This sign-in does not belong to the one Countersign started. Nothing was changed.";
        } else if (q.containsKey("error")) {
            String why = q.get("error") + (q.containsKey("error_description") ? ": " + q.get("error_description") : "");
            then = () -> back.completeExceptionally(new IllegalStateException("the provider did not sign in (" + why + ")"));
            page = "Sign-in did not complete (" + why + "). You can close this tab.";
        } else if (q.get("code") == null || q.get("code").isEmpty()) {
            status = 400;
            page = "The provider sent no code.";
        } else {
            then = () -> back.complete(q);
            page = "Signed in. You can close this tab and return to Countersign.";
        }
        byte[] body = ("<!doctype html><meta charset=utf-8><title>Countersign</title><p>" + escape(page))
                .getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            then.run();
        }
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> q) {
        StringBuilder sb = new StringBuilder();
        q.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String minutes(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
