package io.countersign.adapters.channels.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.adapters.channels.postmark.PostmarkAdapter;
import io.countersign.adapters.channels.sendgrid.SendGridAdapter;
import io.countersign.adapters.channels.webhook.WebhookAdapter;
import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SendGrid, Postmark and the signed webhook against MockWebServer: their request shapes and every kind of answer. */
class ProviderAdaptersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "SG.secret-key-xyz";
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Identity identity(String transport, Channel channel) throws Exception {
        String address = channel == Channel.EMAIL ? "maria@acme.example" : "https://www.linkedin.com/in/maria";
        return new Identity("maria", channel, "Maria López", "maria", address, Transport.parse(transport), ZoneOffset.UTC,
                EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MAX, 100, Duration.ZERO, null, Identity.State.ACTIVE,
                "", "", "t", Instant.EPOCH, null, "https://acme.example/u?m={messageId}");
    }

    private static OutboundMessage message(Identity i, String to) {
        return new OutboundMessage(7, "d-1", i, to, "Jonas Weiß", "Grüße — kurz?", "Hallo Jonas, 🚀\n\nSTOP to opt out.",
                "<cs.42.0123456789abcdef@acme.example>", "countersign-0123456789abcdef", "mailto:maria@acme.example?subject=unsubscribe",
                "https://acme.example/u?m=%3Ccs.42%3E");
    }

    private String base() {
        String u = server.url("/").toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private ChannelAdapter sendgrid(Duration timeout) throws Exception {
        return new SendGridAdapter(identity("sendgrid:" + base(), Channel.EMAIL), KEY::toCharArray, timeout, Clock.systemUTC());
    }

    private ChannelAdapter postmark(Duration timeout) throws Exception {
        return new PostmarkAdapter(identity("postmark:" + base(), Channel.EMAIL), KEY::toCharArray, timeout, Clock.systemUTC());
    }

    private ChannelAdapter webhook(Duration timeout) throws Exception {
        return new WebhookAdapter(identity("webhook:" + base() + "/hooks/send", Channel.LINKEDIN), KEY::toCharArray, timeout,
                Clock.systemUTC());
    }

    private SendOutcome send(ChannelAdapter a, String to) throws Exception {
        return a.send(message(a instanceof WebhookAdapter ? identity("webhook:" + base() + "/hooks/send", Channel.LINKEDIN)
                : identity((a instanceof SendGridAdapter ? "sendgrid:" : "postmark:") + base(), Channel.EMAIL), to));
    }

    @Test
    void sendGridPostsTheDocumentedMailSendRequestAndKeepsTheProvidersId() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "sg-abc123").build());
        SendOutcome.Sent sent = assertInstanceOf(SendOutcome.Sent.class, send(sendgrid(Duration.ofSeconds(5)), "jonas@kunde.example"));
        assertEquals("sg-abc123", sent.providerId());
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("POST", r.getMethod());
        assertEquals("/v3/mail/send", r.getTarget());
        assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
        JsonNode body = JSON.readTree(r.getBody().utf8());
        assertEquals("jonas@kunde.example", body.at("/personalizations/0/to/0/email").asText());
        assertEquals("maria@acme.example", body.at("/from/email").asText());
        assertEquals("Grüße — kurz?", body.get("subject").asText());
        assertEquals("text/plain", body.at("/content/0/type").asText());
        assertEquals("Hallo Jonas, 🚀\n\nSTOP to opt out.", body.at("/content/0/value").asText());
        assertEquals("<cs.42.0123456789abcdef@acme.example>", body.at("/headers/Message-ID").asText());
        assertEquals("List-Unsubscribe=One-Click", body.at("/headers/List-Unsubscribe-Post").asText());
        assertEquals("7", body.at("/custom_args/countersign_outbox_id").asText());
    }

    @Test
    void postmarkPostsTheDocumentedEmailRequest() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"To\":\"jonas@kunde.example\",\"SubmittedAt\":"
                + "\"2026-12-02T10:00:00Z\",\"MessageID\":\"b7bc2f4a-e38e-4336-af7d-e6c392c2f817\",\"ErrorCode\":0,\"Message\":\"OK\"}").build());
        SendOutcome.Sent sent = assertInstanceOf(SendOutcome.Sent.class, send(postmark(Duration.ofSeconds(5)), "jonas@kunde.example"));
        assertEquals("b7bc2f4a-e38e-4336-af7d-e6c392c2f817", sent.providerId());
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/email", r.getTarget());
        assertEquals(KEY, r.getHeaders().get("X-Postmark-Server-Token"));
        JsonNode body = JSON.readTree(r.getBody().utf8());
        assertEquals("\"Maria López\" <maria@acme.example>", body.get("From").asText());
        assertEquals("\"Jonas Weiß\" <jonas@kunde.example>", body.get("To").asText());
        assertEquals("Hallo Jonas, 🚀\n\nSTOP to opt out.", body.get("TextBody").asText());
        assertEquals("Message-ID", body.at("/Headers/0/Name").asText());
    }

    @Test
    void providerErrorBodiesArePermanentFailuresWithTheProvidersWords() throws Exception {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"errors\":[{\"message\":\"The from address does not "
                + "match a verified Sender Identity.\",\"field\":\"from\",\"help\":null}]}").build());
        SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, send(sendgrid(Duration.ofSeconds(5)), "jonas@kunde.example"));
        assertTrue(f.permanent());
        assertTrue(f.reason().contains("HTTP 400") && f.reason().contains("verified Sender Identity. (field from)"), f.reason());

        server.enqueue(new MockResponse.Builder().code(422).body("{\"ErrorCode\":406,\"Message\":\"You tried to send to "
                + "recipient(s) that have been marked as inactive.\"}").build());
        f = assertInstanceOf(SendOutcome.Failed.class, send(postmark(Duration.ofSeconds(5)), "jonas@kunde.example"));
        assertTrue(f.permanent());
        assertTrue(f.reason().contains("ErrorCode 406") && f.reason().contains("marked as inactive"), f.reason());
    }

    @Test
    void refusedCredentialsPauseTheIdentityAndNeverEchoTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"errors\":[{\"message\":\"The provided authorization "
                + "grant is invalid, expired, or revoked\",\"field\":null}]}").build());
        SendOutcome.CredentialsRefused r = assertInstanceOf(SendOutcome.CredentialsRefused.class,
                send(sendgrid(Duration.ofSeconds(5)), "jonas@kunde.example"));
        assertTrue(r.reason().contains("maria via SendGrid") && r.reason().contains("HTTP 401"), r.reason());
        assertFalse(r.reason().contains(KEY));

        server.enqueue(new MockResponse.Builder().code(401).body("{\"ErrorCode\":10,\"Message\":\"No Account or Server API "
                + "tokens were supplied in the HTTP headers.\"}").build());
        assertInstanceOf(SendOutcome.CredentialsRefused.class, send(postmark(Duration.ofSeconds(5)), "jonas@kunde.example"));

        server.enqueue(new MockResponse.Builder().code(403).body("bad signature").build());
        assertInstanceOf(SendOutcome.CredentialsRefused.class, send(webhook(Duration.ofSeconds(5)), "https://www.linkedin.com/in/jonas"));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedNoSoonerThanRetryAfter() throws Exception {
        for (ChannelAdapter a : new ChannelAdapter[]{sendgrid(Duration.ofSeconds(5)), postmark(Duration.ofSeconds(5)), webhook(Duration.ofSeconds(5))}) {
            String to = a instanceof WebhookAdapter ? "https://www.linkedin.com/in/jonas" : "jonas@kunde.example";
            server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").body("slow down").build());
            SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, send(a, to));
            assertFalse(f.permanent());
            assertEquals(Duration.ofSeconds(120), f.retryAfter(), a.getClass().getSimpleName());
            server.enqueue(new MockResponse.Builder().code(503).body("maintenance").build());
            f = assertInstanceOf(SendOutcome.Failed.class, send(a, to));
            assertFalse(f.permanent(), f.reason());
            assertTrue(f.reason().contains("HTTP 503"), f.reason());
        }
    }

    @Test
    void anAnswerThatNeverComesIsUnknownForProvidersAndRetriedForTheDeduplicatingWebhook() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).headersDelay(3, TimeUnit.SECONDS).build());
        SendOutcome o = send(sendgrid(Duration.ofMillis(500)), "jonas@kunde.example");
        SendOutcome.Unknown u = assertInstanceOf(SendOutcome.Unknown.class, o, o.toString());
        assertTrue(u.reason().contains("no answer in time") && u.reason().contains("may have accepted"), u.reason());

        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
        o = send(webhook(Duration.ofMillis(500)), "https://www.linkedin.com/in/jonas");
        SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, o, o.toString());
        assertFalse(f.permanent());
    }

    @Test
    void aDroppedConnectionIsNeverTakenForSuccess() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        SendOutcome o = send(postmark(Duration.ofSeconds(5)), "jonas@kunde.example");
        assertTrue(o instanceof SendOutcome.Unknown || o instanceof SendOutcome.Failed f && !f.permanent(), o.toString());
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        o = send(webhook(Duration.ofSeconds(5)), "https://www.linkedin.com/in/jonas");
        assertInstanceOf(SendOutcome.Failed.class, o, "the webhook deduplicates: just retried");
    }

    @Test
    void aRefusedConnectionWasCertainlyNotDeliveredAndIsRetried() throws Exception {
        String gone = base();
        server.close();
        ChannelAdapter a = new SendGridAdapter(identity("sendgrid:" + gone, Channel.EMAIL), KEY::toCharArray,
                Duration.ofSeconds(2), Clock.systemUTC());
        SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, a.send(message(identity("sendgrid:" + gone, Channel.EMAIL),
                "jonas@kunde.example")));
        assertFalse(f.permanent());
    }

    @Test
    void theWebhookIsSignedSoAReceiverCanCheckItAndCarriesTheSameKeyOnEveryRetry() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"job-9\"}").build());
        ChannelAdapter a = webhook(Duration.ofSeconds(5));
        send(a, "https://www.linkedin.com/in/jonas");
        SendOutcome.Sent sent = assertInstanceOf(SendOutcome.Sent.class, send(a, "https://www.linkedin.com/in/jonas"));
        assertEquals("job-9", sent.providerId());
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/hooks/send", second.getTarget());
        assertEquals(first.getHeaders().get(WebhookAdapter.IDEMPOTENCY_KEY), second.getHeaders().get(WebhookAdapter.IDEMPOTENCY_KEY));
        for (RecordedRequest r : new RecordedRequest[]{first, second}) {
            // what a receiver does: recompute HMAC-SHA256(secret, timestamp + "." + raw body)
            String ts = r.getHeaders().get(WebhookAdapter.TIMESTAMP);
            assertNotNull(ts);
            byte[] raw = r.getBody().toByteArray();
            assertEquals(WebhookAdapter.sign(KEY.toCharArray(), Long.parseLong(ts), raw), r.getHeaders().get(WebhookAdapter.SIGNATURE));
            JsonNode body = JSON.readTree(raw);
            assertEquals("https://www.linkedin.com/in/jonas", body.at("/recipient/address").asText());
            assertEquals("Hallo Jonas, 🚀\n\nSTOP to opt out.", body.get("body").asText());
        }
        byte[] tampered = second.getBody().toByteArray().clone();
        tampered[tampered.length - 2] ^= 1;
        assertFalse(WebhookAdapter.sign(KEY.toCharArray(), Long.parseLong(second.getHeaders().get(WebhookAdapter.TIMESTAMP)), tampered)
                .equals(second.getHeaders().get(WebhookAdapter.SIGNATURE)));
    }
}
