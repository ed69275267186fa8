package io.countersign.adapters.channels.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.identity.IdentityService;
import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.ResultsService;
import io.countersign.core.work.Progress;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounces and replies read over IMAP (GreenMail), matched to what was sent, recorded once. */
class ResultsFetchTest {

    private static final String MAILBOX = "maria@acme.example";
    private static final String PASSWORD = "imap-Secret-9";

    @TempDir
    Path home;
    private GreenMail mail;
    private Countersign app;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        mail.start();
        mail.setUser(MAILBOX, MAILBOX, PASSWORD);
        app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        app.close();
        mail.stop();
    }

    private MimeMessage message() {
        return new MimeMessage(Session.getInstance(new Properties()));
    }

    @Test
    void aReplyAndAHardBounceAreMatchedToTheSentMessagesRecordedAndSuppressedOnce() throws Exception {
        app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, MAILBOX, "sandbox", "Maria", "maria", null,
                "UTC", "00:00-23:59", "mon-sun", "0s", null, null, null, null, null, null,
                "imap://maria%40acme.example@127.0.0.1:" + mail.getImap().getPort() + "/INBOX"), PASSWORD.toCharArray(),
                Actor.human("admin"));
        List<Draft> drafts = List.of(draft("d1", "dana@northwind.example"), draft("d2", "gone@lumen.example"));
        app.importer().importDrafts("t", drafts.iterator(), Progress.NONE);
        app.review().approveAll(List.of("d1", "d2"), "alice", true, Progress.NONE);
        app.outbox().settings(new io.countersign.core.outbox.OutboxService.Settings(Duration.ZERO, 0));
        assertEquals(2, app.sender().runDue(Progress.NONE).sent());
        OutboxEntry first = app.outbox().latestFor("d1").orElseThrow();
        OutboxEntry second = app.outbox().latestFor("d2").orElseThrow();

        MimeMessage reply = message();
        reply.setFrom(new InternetAddress("dana@northwind.example"));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        reply.setSubject("Re: Quick question");
        reply.setHeader("In-Reply-To", first.messageId());
        reply.setHeader("References", first.messageId());
        reply.setText("Please remove me from your list.\n\n> Hi Dana, worth a chat?", "UTF-8");
        mail.getUserManager().getUser(MAILBOX).deliver(reply);

        MimeMessage dsn = message();
        dsn.setFrom(new InternetAddress("mailer-daemon@mx.lumen.example"));
        dsn.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        dsn.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your message could not be delivered.", "UTF-8");
        report.addBodyPart(human);
        MimeBodyPart status = new MimeBodyPart();
        status.setDataHandler(new DataHandler(new ByteArrayDataSource(("Reporting-MTA: dns; mx.lumen.example\r\n\r\n"
                + "Final-Recipient: rfc822; gone@lumen.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n").getBytes(StandardCharsets.US_ASCII),
                "message/delivery-status")));
        report.addBodyPart(status);
        MimeBodyPart headers = new MimeBodyPart();
        headers.setDataHandler(new DataHandler(new ByteArrayDataSource(("From: maria@acme.example\r\nTo: gone@lumen.example\r\n"
                + "Message-ID: " + second.messageId() + "\r\nSubject: Quick question\r\n").getBytes(StandardCharsets.US_ASCII),
                "text/rfc822-headers")));
        report.addBodyPart(headers);
        dsn.setContent(report);
        mail.getUserManager().getUser(MAILBOX).deliver(dsn);

        MimeMessage other = message();
        other.setFrom(new InternetAddress("newsletter@vendor.example"));
        other.setSubject("Our November update");
        other.setText("Hello", "UTF-8");
        mail.getUserManager().getUser(MAILBOX).deliver(other);

        ResultsService.Poll poll = app.results().poll(app.identities().all(), app.mailboxes(),
                Instant.now().minus(Duration.ofDays(7)), Actor.SYSTEM);
        assertTrue(poll.unavailable().isEmpty(), poll.unavailable().toString());
        ResultsService.Found found = poll.found().get("maria.email");
        assertEquals(1, found.bounces(), found.summary());
        assertEquals(1, found.replies());
        assertEquals(1, found.objections());
        assertEquals(1, found.unmatched());
        assertEquals(2, found.suppressed());
        List<Suppression> dnc = app.doNotContact().entries();
        assertTrue(dnc.stream().anyMatch(s -> s.value().equals("gone@lumen.example") && s.source().equals("bounce")
                && s.reason().startsWith("hard bounce 5.1.1: 550 5.1.1 User unknown")), dnc.toString());
        assertTrue(dnc.stream().anyMatch(s -> s.value().equals("dana@northwind.example")), dnc.toString());
        var bounced = app.audit().forDraft("d2").stream().filter(e -> e.type().equals("message.bounced")).findFirst().orElseThrow();
        assertEquals("failed", bounced.text("result"));
        assertEquals("5.1.1", bounced.text("status"));
        var replied = app.audit().forDraft("d1").stream().filter(e -> e.type().equals("message.replied")).findFirst().orElseThrow();
        assertEquals("dana@northwind.example", replied.text("from"));
        assertEquals("true", replied.text("objection"));

        ResultsService.Found again = app.results().poll(app.identities().all(), app.mailboxes(),
                Instant.now().minus(Duration.ofDays(7)), Actor.SYSTEM).found().get("maria.email");
        assertEquals(3, again.alreadySeen());
        assertEquals(0, again.bounces() + again.replies());
    }

    @Test
    void aMailboxThatRefusesTheLoginIsNamedAndTheOthersGoOn() throws Exception {
        app.identities().add(new IdentityService.Spec("maria.email", Channel.EMAIL, MAILBOX, "sandbox", "Maria", "maria", null,
                "UTC", null, null, null, null, null, null, null, null, null,
                "imap://maria%40acme.example@127.0.0.1:" + mail.getImap().getPort() + "/INBOX"), "wrong".toCharArray(),
                Actor.human("admin"));
        ResultsService.Poll poll = app.results().poll(app.identities().all(), app.mailboxes(),
                Instant.now().minus(Duration.ofDays(7)), Actor.SYSTEM);
        assertEquals(1, poll.unavailable().size());
        assertTrue(poll.unavailable().get(0).startsWith("maria.email: login refused by imap://127.0.0.1:"), poll.unavailable().get(0));
        assertTrue(!poll.unavailable().get(0).contains("wrong"));
    }

    private static Draft draft(String id, String email) {
        return new Draft(id, Channel.EMAIL, "maria.email", new Lead("L-" + id, "Lead " + id, email, null, "Co " + id),
                "Quick question", "Hi, worth a chat?\n\nReply STOP to opt out.", List.of(), null, "p1", "q4", "intro", "sales",
                "agent", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
    }
}
