package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.identity.SignInFlow;
import io.countersign.ui.common.TaskExecutor;
import io.countersign.ui.settings.SettingsViewModel;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings → Sign in with OAuth…: the dialog's answer, the browser opened at the provider, the identity after. */
class SignInViewModelTest {

    @TempDir
    Path home;

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void signingInOpensTheProvidersPageAndTheIdentityThenLogsInWithXoauth2() throws Exception {
        try (MockWebServer provider = new MockWebServer(); Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            provider.start();
            provider.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"access_token\":\"a1\",\"expires_in\":3600,\"refresh_token\":\"r1\"}").build());
            app.identities().add(new IdentityService.Spec("jonas.email", Channel.EMAIL, "jonas@acme.example",
                    "smtp://smtp.acme.example:587", "Jonas", "jonas", null, "UTC", null, null, null, null), Actor.human("admin"));
            FakeDialogs dialogs = new FakeDialogs();
            dialogs.signInRequest = Optional.of(new SignInFlow.Request("custom", "desktop-client", null,
                    provider.url("/authorize").toString(), provider.url("/token").toString(), null, null, Duration.ofSeconds(30)));
            // The browser: the person signs in at the provider, which sends them back with a code.
            dialogs.browser = url -> new Thread(() -> {
                Map<String, String> q = query(url);
                try {
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(q.get("redirect_uri") + "?code=c0de&state="
                            + q.get("state"))).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            SettingsViewModel settings = new SettingsViewModel(ConsoleApp.services(app, "alice", TaskExecutor.direct(), dialogs));
            settings.loadIdentities();
            var row = settings.identities().stream().filter(r -> r.id().equals("jonas.email")).findFirst().orElseThrow();
            settings.signIn(row);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!settings.identityStatus().get().startsWith("Signed in") && !settings.identityStatus().get().startsWith("Not")
                    && System.nanoTime() < until) {
                Thread.sleep(20); // the flow runs on its own thread, the browser on another
            }
            assertTrue(dialogs.asked.contains("sign in jonas.email as jonas@acme.example"), dialogs.asked.toString());
            assertTrue(dialogs.opened.get(0).startsWith(provider.url("/authorize").toString()), dialogs.opened.toString());
            assertEquals("jonas@acme.example", query(dialogs.opened.get(0)).get("login_hint"));
            assertTrue(settings.identityStatus().get().startsWith("Signed in jonas.email"), settings.identityStatus().get());
            assertEquals(Identity.Login.Mechanism.XOAUTH2, app.identities().find("jonas.email").orElseThrow().login().mechanism());
            assertEquals("alice", app.audit().latest(io.countersign.core.audit.AuditEventType.IDENTITY_EDITED).orElseThrow().actorId());

            var sandbox = new SettingsViewModel.IdentityRow("s", "email", "s@acme.example", "sandbox", "", "", "active", false, 0, 0, true);
            settings.signIn(sandbox);
            assertTrue(settings.identityStatus().get().contains("signing in with OAuth is for SMTP mailboxes"),
                    settings.identityStatus().get());
        }
    }
}
