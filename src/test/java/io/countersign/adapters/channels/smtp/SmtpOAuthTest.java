package io.countersign.adapters.channels.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.adapters.oauth.OAuthCredential;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.identity.SignInFlow;
import io.countersign.core.outbox.OutboxService;
import io.countersign.core.outbox.Sender;
import io.countersign.core.work.Progress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SMTP identity signed in with OAuth end to end: the browser flow (the test plays the browser),
 * then sending with XOAUTH2 over STARTTLS with access tokens renewed from the refresh token, the
 * rotated refresh token kept, and a revoked sign-in pausing the identity with what to do.
 */
class SmtpOAuthTest {

    private static final String FROM = "maria@acme.example";
    @TempDir
    Path home;
    private GreenMail mail;
    private MockWebServer oauth;
    private TlsSmtpFront front;

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        mail.setUser(FROM, FROM, "access-2"); // GreenMail checks an XOAUTH2 token as the user's password
        oauth = new MockWebServer();
        oauth.start();
        front = new TlsSmtpFront(TlsSmtpFront.Mode.STARTTLS, mail.getSmtp().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        oauth.close();
        mail.stop();
    }

    private static MockResponse tokens(String access, String refresh) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":3599"
                        + (refresh == null ? "" : ",\"refresh_token\":\"" + refresh + "\"") + "}").build();
    }

    private Countersign workspace() throws Exception {
        Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()));
        app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, FROM, "smtp://localhost:" + front.port(),
                "Maria", "maria", 100, "UTC", "00:00-23:59", "mon-sun", "0s", null), "old-app-password".toCharArray(),
                Actor.human("admin"));
        app.outbox().settings(new OutboxService.Settings(Duration.ZERO, 0));
        return app;
    }

    private SignInFlow.Request request(Duration timeout) {
        return new SignInFlow.Request("custom", "countersign-desktop", null, oauth.url("/authorize").toString(),
                oauth.url("/token").toString(), "mail.send offline", null, timeout);
    }

    private static void approve(Countersign app, String id) {
        Draft d = new Draft(id, Channel.EMAIL, "maria.email", new Lead("L-" + id, "Jonas", "jonas-" + id + "@kunde.example",
                null, "Kunde " + id), "Kurz?", "Hallo Jonas, kurz?\n\nAbmelden: STOP.", List.of(), null, "p1", "q4", "intro",
                "sales", "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        app.importer().importDrafts("t", List.of(d).iterator(), Progress.NONE);
        app.review().approve(id, "alice", true);
    }

    private static Map<String, String> query(URI u) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : u.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static HttpResponse<String> browse(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedInThroughTheBrowserItSendsWithRenewedTokensAndKeepsTheRotatedRefreshToken() throws Exception {
        try (Countersign app = workspace()) {
            CompletableFuture<URI> opened = new CompletableFuture<>();
            oauth.enqueue(tokens("access-1", "refresh-1"));
            CompletableFuture<IdentityService.Edited> signedIn = CompletableFuture.supplyAsync(() -> {
                try {
                    return app.signIn().signIn("maria.email", request(Duration.ofSeconds(30)), opened::complete,
                            Actor.human("admin"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The browser: the provider's page signs the person in and sends them back with a code.
            Map<String, String> q = query(opened.get(20, TimeUnit.SECONDS));
            assertEquals("code", q.get("response_type"));
            assertEquals("S256", q.get("code_challenge_method"));
            assertEquals(FROM, q.get("login_hint"));
            assertTrue(q.get("redirect_uri").startsWith("http://127.0.0.1:"), q.get("redirect_uri"));
            HttpResponse<String> wrong = browse(q.get("redirect_uri") + "?code=stolen&state=not-ours");
            assertEquals(400, wrong.statusCode(), "a code with another state is turned away");
            HttpResponse<String> back = browse(q.get("redirect_uri") + "?code=the-code&state=" + q.get("state"));
            assertEquals(200, back.statusCode());
            assertTrue(back.body().contains("Signed in"), back.body());
            IdentityService.Edited edited = signedIn.get(20, TimeUnit.SECONDS);
            assertEquals(Identity.Login.Mechanism.XOAUTH2, edited.identity().login().mechanism());

            RecordedRequest exchange = oauth.takeRequest(5, TimeUnit.SECONDS);
            String form = exchange.getBody().utf8();
            assertTrue(form.contains("grant_type=authorization_code") && form.contains("code=the-code"), form);
            String verifier = java.net.URLDecoder.decode(form.replaceAll(".*code_verifier=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(q.get("code_challenge"), challenge, "the code is exchanged with the verifier of its challenge");

            // Sending: the access token is renewed from the refresh token; the provider rotates the refresh token.
            oauth.enqueue(tokens("access-2", "refresh-2"));
            approve(app, "d1");
            Sender sender = app.sender(app.adapters(TlsSmtpFront.trustingClient()));
            assertEquals(1, sender.runDue(Progress.NONE).sent());
            RecordedRequest refresh = oauth.takeRequest(5, TimeUnit.SECONDS);
            assertTrue(refresh.getBody().utf8().contains("grant_type=refresh_token&refresh_token=refresh-1"),
                    refresh.getBody().utf8());
            assertEquals("refresh-2", OAuthCredential.of(app.workspace().credentials().get("maria.email").orElseThrow())
                    .orElseThrow().refreshToken(), "the rotated refresh token is kept");
            approve(app, "d2");
            assertEquals(1, sender.runDue(Progress.NONE).sent());
            assertEquals(2, oauth.getRequestCount(), "the access token is reused until it nears its expiry");
            assertEquals(2, mail.getReceivedMessages().length);
            for (AuditEntry e : app.audit().read(0, 10_000)) {
                for (String secret : List.of("access-1", "access-2", "refresh-1", "refresh-2", "the-code", verifier)) {
                    assertFalse(e.line().contains(secret), "no token in the audit log: " + e.line());
                }
            }
        }
    }

    @Test
    void aRevokedSignInPausesTheIdentityAndSaysToSignInAgain() throws Exception {
        try (Countersign app = workspace()) {
            app.identities().edit(new IdentityService.Spec("maria.email", null, null, null, null, null, null, null, null,
                    null, null, null, null, "xoauth2", null, null, null, null, null), new OAuthCredential("google",
                    oauth.url("/token").toString(), "cid", "", "refresh-old", "").toSecret(), Actor.human("admin"));
            oauth.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                    .body("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}").build());
            approve(app, "d1");
            assertEquals(0, app.sender(app.adapters(TlsSmtpFront.trustingClient())).runDue(Progress.NONE).sent());
            Identity maria = app.identities().find("maria.email").orElseThrow();
            assertTrue(maria.paused(), "a sign-in only a person can renew stops the identity");
            assertTrue(maria.stateReason().contains("invalid_grant") && maria.stateReason().contains("Token has been expired or revoked")
                    && maria.stateReason().contains("countersign identities sign-in maria.email"), maria.stateReason());
            assertEquals(0, mail.getReceivedMessages().length);
        }
    }

    @Test
    void theProviderSayingNoOrTheBrowserNotComingBackChangesNothing() throws Exception {
        try (Countersign app = workspace()) {
            CompletableFuture<URI> opened = new CompletableFuture<>();
            CompletableFuture<Exception> refused = CompletableFuture.supplyAsync(() -> {
                try {
                    app.signIn().signIn("maria.email", request(Duration.ofSeconds(30)), opened::complete, Actor.human("admin"));
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Map<String, String> q = query(opened.get(20, TimeUnit.SECONDS));
            browse(q.get("redirect_uri") + "?error=access_denied&error_description=The+user+declined&state=" + q.get("state"));
            Exception e = refused.get(20, TimeUnit.SECONDS);
            assertTrue(e instanceof SignInFlow.Failed && e.getMessage().contains("access_denied: The user declined"), String.valueOf(e));

            SignInFlow.Failed late = org.junit.jupiter.api.Assertions.assertThrows(SignInFlow.Failed.class, () ->
                    app.signIn().signIn("maria.email", request(Duration.ofMillis(300)), u -> { }, Actor.human("admin")));
            assertTrue(late.getMessage().contains("did not come back"), late.getMessage());
            assertEquals(Identity.Login.Mechanism.PASSWORD, app.identities().find("maria.email").orElseThrow().login().mechanism());
            assertEquals(0, oauth.getRequestCount(), "no token endpoint was called");
            assertTrue(app.audit().ofType("identity.edited").isEmpty());
        }
    }

    @Test
    void providersAreKnownAndAnythingButHttpsIsRefused() throws Exception {
        try (Countersign app = workspace()) {
            var bad = new SignInFlow.Request("custom", "cid", null, "http://login.example/authorize", "https://login.example/token",
                    null, null, Duration.ofMinutes(1));
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.countersign.core.identity.IdentityException.class, () ->
                    app.signIn().signIn("maria.email", bad, u -> { }, Actor.human("admin")));
            assertTrue(e.getMessage().contains("--authorize-url") && e.getMessage().contains("https"), e.getMessage());
            var unknown = new SignInFlow.Request("yahoo", "cid", null, null, null, null, null, Duration.ofMinutes(1));
            e = org.junit.jupiter.api.Assertions.assertThrows(io.countersign.core.identity.IdentityException.class, () ->
                    app.signIn().signIn("maria.email", unknown, u -> { }, Actor.human("admin")));
            assertTrue(e.getMessage().contains("unknown provider 'yahoo'"), e.getMessage());
            URI ms = addressFor(app, new SignInFlow.Request("microsoft:contoso.onmicrosoft.com", "cid", null, null, null, null,
                    null, Duration.ofMillis(500)));
            assertTrue(ms.toString().startsWith("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?"),
                    ms.toString());
            assertTrue(query(ms).get("scope").contains("https://outlook.office.com/SMTP.Send")
                    && query(ms).get("scope").contains("offline_access"));
            assertTrue(query(ms).get("redirect_uri").startsWith("http://localhost:"));
            URI g = addressFor(app, new SignInFlow.Request("google", "cid", null, null, null, null, null, Duration.ofMillis(500)));
            assertTrue(g.toString().startsWith("https://accounts.google.com/o/oauth2/v2/auth?"), g.toString());
            assertEquals("https://mail.google.com/", query(g).get("scope"));
            assertEquals("offline", query(g).get("access_type"), "Google sends a refresh token only for offline access");
            assertEquals("consent", query(g).get("prompt"));
        }
    }

    /** The address a sign-in asks the person to open (the sign-in then times out: no browser here). */
    private static URI addressFor(Countersign app, SignInFlow.Request r) throws Exception {
        CompletableFuture<URI> opened = new CompletableFuture<>();
        try {
            app.signIn().signIn("maria.email", r, opened::complete, Actor.human("admin"));
        } catch (SignInFlow.Failed timedOut) {
            // expected: nobody comes back
        }
        return opened.get(1, TimeUnit.SECONDS);
    }
}
