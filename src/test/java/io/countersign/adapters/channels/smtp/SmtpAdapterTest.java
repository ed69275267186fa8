package io.countersign.adapters.channels.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityException;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP adapter over the real protocol: GreenMail behind a TLS front, and servers that misbehave. */
class SmtpAdapterTest {

    private static final String FROM = "maria@acme.example";
    private static final String PASSWORD = "app-pass-Zq8!";
    private GreenMail mail;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        mail.setUser(FROM, FROM, PASSWORD);
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    static Identity identity(String transport, Identity.Login.Mechanism mechanism) throws IdentityException {
        return new Identity("maria.email", Channel.EMAIL, "Maria López", "maria", FROM, Transport.parse(transport),
                ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MAX, 100, Duration.ZERO, null,
                Identity.State.ACTIVE, "", "", "test", Instant.EPOCH, new Identity.Login("", mechanism),
                "https://acme.example/unsubscribe?m={messageId}");
    }

    static OutboundMessage message(Identity i, String to) {
        return new OutboundMessage(7, "d-1", i, to, "Jonas Weiß", "Grüße zu Ihrer Expansion — kurz?",
                "Hallo Jonas,\n\nein Satz mit Umlauten: äöü ß, und ein Emoji 🚀.\n\nAbmelden: antworten Sie mit STOP.",
                "<cs.42.0123456789abcdef@acme.example>", "countersign-0123", "mailto:" + FROM + "?subject=unsubscribe",
                "https://acme.example/unsubscribe?m=%3Ccs.42%3E");
    }

    private SmtpAdapter adapter(Identity i, String secret, SSLSocketFactory tls) {
        return new SmtpAdapter(i, secret == null ? null : secret::toCharArray, Clock.systemUTC(), Duration.ofSeconds(5), tls);
    }

    @Test
    void startTlsWithAPasswordDeliversTheApprovedTextWithItsHeaders() throws Exception {
        try (TlsSmtpFront front = new TlsSmtpFront(TlsSmtpFront.Mode.STARTTLS, mail.getSmtp().getPort())) {
            Identity i = identity("smtp://localhost:" + front.port(), Identity.Login.Mechanism.PASSWORD);
            try (SmtpAdapter a = adapter(i, PASSWORD, TlsSmtpFront.trustingClient())) {
                SendOutcome o = a.send(message(i, "jonas@kunde.example"));
                assertInstanceOf(SendOutcome.Sent.class, o, o.toString());
            }
            assertEquals(1, front.tlsSessions.get(), "the session was upgraded before logging in");
        }
        MimeMessage got = mail.getReceivedMessages()[0];
        assertEquals("<cs.42.0123456789abcdef@acme.example>", got.getMessageID(), "the outbox's Message-ID is kept");
        assertEquals("Grüße zu Ihrer Expansion — kurz?", got.getSubject());
        assertTrue(((String) got.getContent()).contains("äöü ß, und ein Emoji 🚀."), "UTF-8 body arrives intact");
        assertEquals("<mailto:" + FROM + "?subject=unsubscribe>, <https://acme.example/unsubscribe?m=%3Ccs.42%3E>",
                got.getHeader("List-Unsubscribe")[0]);
        assertEquals("List-Unsubscribe=One-Click", got.getHeader("List-Unsubscribe-Post")[0]);
        assertTrue(got.getFrom()[0].toString().contains(FROM));
    }

    @Test
    void aWrongPasswordIsACredentialsRefusalThatNeverRepeatsTheSecret() throws Exception {
        try (TlsSmtpFront front = new TlsSmtpFront(TlsSmtpFront.Mode.STARTTLS, mail.getSmtp().getPort())) {
            Identity i = identity("smtp://localhost:" + front.port(), Identity.Login.Mechanism.PASSWORD);
            try (SmtpAdapter a = adapter(i, "wrong-Secret-77", TlsSmtpFront.trustingClient())) {
                SendOutcome o = a.send(message(i, "jonas@kunde.example"));
                SendOutcome.CredentialsRefused r = assertInstanceOf(SendOutcome.CredentialsRefused.class, o, o.toString());
                assertTrue(r.reason().contains("maria.email") && r.reason().contains("localhost:" + front.port()), r.reason());
                assertFalse(r.reason().contains("wrong-Secret-77"));
            }
        }
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void aPasswordIsNeverSentToAServerThatOffersNoStartTls() throws Exception {
        Identity i = identity("smtp://localhost:" + mail.getSmtp().getPort(), Identity.Login.Mechanism.PASSWORD);
        try (SmtpAdapter a = adapter(i, PASSWORD, null)) {
            SendOutcome o = a.send(message(i, "jonas@kunde.example"));
            SendOutcome.CredentialsRefused r = assertInstanceOf(SendOutcome.CredentialsRefused.class, o, o.toString());
            assertTrue(r.reason().contains("STARTTLS"), r.reason());
        }
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void implicitTlsChecksTheCertificate() throws Exception {
        try (TlsSmtpFront front = new TlsSmtpFront(TlsSmtpFront.Mode.IMPLICIT, mail.getSmtp().getPort())) {
            Identity i = identity("smtps://localhost:" + front.port(), Identity.Login.Mechanism.PASSWORD);
            try (SmtpAdapter trusting = adapter(i, PASSWORD, TlsSmtpFront.trustingClient())) {
                assertInstanceOf(SendOutcome.Sent.class, trusting.send(message(i, "jonas@kunde.example")));
            }
            try (SmtpAdapter jdkTrust = adapter(i, PASSWORD, null)) {
                SendOutcome o = jdkTrust.send(message(i, "jonas@kunde.example"));
                SendOutcome.CredentialsRefused r = assertInstanceOf(SendOutcome.CredentialsRefused.class, o, o.toString());
                assertTrue(r.reason().startsWith("TLS with maria.email via smtps://localhost:"), r.reason());
            }
        }
        assertEquals(1, mail.getReceivedMessages().length, "only the trusted session delivered");
    }

    @Test
    void xoauth2LogsInWithTheAccessToken() throws Exception {
        try (TlsSmtpFront front = new TlsSmtpFront(TlsSmtpFront.Mode.STARTTLS, mail.getSmtp().getPort())) {
            Identity i = identity("smtp://localhost:" + front.port(), Identity.Login.Mechanism.XOAUTH2);
            try (SmtpAdapter a = adapter(i, PASSWORD, TlsSmtpFront.trustingClient())) {
                SendOutcome o = a.send(message(i, "jonas@kunde.example"));
                assertInstanceOf(SendOutcome.Sent.class, o, o.toString());
            }
        }
        assertEquals(1, mail.getReceivedMessages().length);
    }

    @Test
    void aLocalRelayWithoutLoginSendsAndKeepsOneConnectionForSeveralMessages() throws Exception {
        Identity i = identity("smtp://localhost:" + mail.getSmtp().getPort(), Identity.Login.Mechanism.PASSWORD);
        try (SmtpAdapter a = adapter(i, null, null)) {
            for (int k = 0; k < 3; k++) {
                assertInstanceOf(SendOutcome.Sent.class, a.send(message(i, "jonas" + k + "@kunde.example")));
            }
        }
        assertEquals(3, mail.getReceivedMessages().length);
    }

    @Test
    void notAnAddressFailsPermanentlyBeforeAnyConnection() throws Exception {
        Identity i = identity("smtp://localhost:1", Identity.Login.Mechanism.PASSWORD);
        try (SmtpAdapter a = adapter(i, null, null)) {
            for (String bad : new String[]{"jonas at kunde", "jonas@kunde.example\r\nBcc: all@x.example", "<>", ""}) {
                SendOutcome o = a.send(message(i, bad));
                SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, o, bad);
                assertTrue(f.permanent() && f.reason().contains("is not an email address"), f.reason());
            }
        }
    }

    @Test
    void aRefusedConnectionIsRetriedLaterAndNamesTheServer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Identity i = identity("smtp://127.0.0.1:" + closed, Identity.Login.Mechanism.PASSWORD);
        try (SmtpAdapter a = adapter(i, null, null)) {
            SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, a.send(message(i, "jonas@kunde.example")));
            assertFalse(f.permanent());
            assertTrue(f.reason().contains("smtp://127.0.0.1:" + closed), f.reason());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ScriptedSmtpServer silent = new ScriptedSmtpServer("250 Ok", ScriptedSmtpServer.SILENT)) {
            Identity i = identity("smtp://127.0.0.1:" + silent.port(), Identity.Login.Mechanism.PASSWORD);
            try (SmtpAdapter a = new SmtpAdapter(i, null, Clock.systemUTC(), Duration.ofMillis(500), null)) {
                SendOutcome.Failed f = assertInstanceOf(SendOutcome.Failed.class, a.send(message(i, "jonas@kunde.example")));
                assertFalse(f.permanent());
                assertTrue(f.reason().contains("did not answer in time") || f.reason().contains("timed out"), f.reason());
            }
        }
    }

    @Test
    void repliesMapToRetryPermanentOrUnknown() throws Exception {
        Object[][] cases = {
                {"250 Ok", "451 4.3.0 Try again later", SendOutcome.Failed.class, false},
                {"250 Ok", "554 5.7.1 Message rejected as spam", SendOutcome.Failed.class, true},
                {"550 5.1.1 No such user", "250 Ok", SendOutcome.Failed.class, true},
                {"450 4.2.1 Mailbox busy", "250 Ok", SendOutcome.Failed.class, false},
                {"250 Ok", ScriptedSmtpServer.DROP, SendOutcome.Unknown.class, null},
        };
        for (Object[] c : cases) {
            try (ScriptedSmtpServer s = new ScriptedSmtpServer((String) c[0], (String) c[1])) {
                Identity i = identity("smtp://127.0.0.1:" + s.port(), Identity.Login.Mechanism.PASSWORD);
                try (SmtpAdapter a = adapter(i, null, null)) {
                    SendOutcome o = a.send(message(i, "jonas@kunde.example"));
                    assertInstanceOf((Class<?>) c[2], o, c[0] + " / " + c[1] + " -> " + o);
                    if (o instanceof SendOutcome.Failed f) {
                        assertEquals(c[3], f.permanent(), c[0] + " / " + c[1] + " -> " + f);
                    }
                }
            }
        }
    }
}
