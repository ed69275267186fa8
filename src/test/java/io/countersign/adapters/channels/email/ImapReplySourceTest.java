package io.countersign.adapters.channels.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.cli.CliHarness;
import io.countersign.core.TestDrafts;
import io.countersign.core.replies.Reply;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Email replies read from a real IMAP server (GreenMail on localhost). */
class ImapReplySourceTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP_IMAP);

    @TempDir
    Path dir;

    private URI mailbox;

    @BeforeEach
    void fillMailbox() throws Exception {
        GreenMailUser user = MAIL.setUser("replies@acme.example", "replies@acme.example", "s3cret");
        user.deliver(plain("Dana Whitfield <dana@northwind.example>", "Re: SDR ramp", "Please unsubscribe me from these emails."));
        user.deliver(plain("sam@lumen.example", "Re: quick one",
                "Sounds good, Tuesday works.\n\nOn Mon, Nov 23, 2026 Maria <maria@acme.example> wrote:\n> Reply STOP to opt out."));
        MimeMessage html = message("ana@kumo.example", "Re: hello");
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart part = new MimeBodyPart();
        part.setContent("<div>Not interested&nbsp;&mdash; thanks.</div><blockquote>Reply STOP</blockquote>", "text/html; charset=utf-8");
        alt.addBodyPart(part);
        html.setContent(alt);
        html.saveChanges();
        user.deliver(html);
        mailbox = URI.create("imap://replies%40acme.example@127.0.0.1:" + MAIL.getImap().getPort() + "/INBOX");
    }

    private static MimeMessage message(String from, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "replies@acme.example");
        m.setSubject(subject, "UTF-8");
        m.setSentDate(new java.util.Date());
        return m;
    }

    private static MimeMessage plain(String from, String subject, String text) throws Exception {
        MimeMessage m = message(from, subject);
        m.setText(text, "UTF-8");
        m.saveChanges();
        return m;
    }

    @Test
    void readsSendersAndTheirOwnTextReadOnly() throws Exception {
        List<Reply> replies = new ImapReplySource(mailbox, "s3cret".toCharArray()).fetch(Instant.now().minus(1, ChronoUnit.DAYS));
        assertEquals(List.of("dana@northwind.example", "sam@lumen.example", "ana@kumo.example"),
                replies.stream().map(Reply::from).toList());
        assertTrue(replies.get(0).text().startsWith("Please unsubscribe me"), replies.get(0).text());
        assertTrue(replies.get(2).text().contains("Not interested"), replies.get(2).text());
        assertTrue(replies.stream().allMatch(r -> r.receivedAt() != null && !r.id().isEmpty()));
        // Read-only: a second read sees the same messages, none marked or moved.
        assertEquals(3, new ImapReplySource(mailbox, "s3cret".toCharArray()).fetch(Instant.now().minus(1, ChronoUnit.DAYS)).size());
        assertEquals(0, new ImapReplySource(mailbox, "s3cret".toCharArray()).fetch(Instant.now().plus(2, ChronoUnit.DAYS)).size());
    }

    @Test
    void badLoginsFoldersAndUrlsAreNamed() {
        var wrong = assertThrows(ImapReplySource.MailboxException.class,
                () -> new ImapReplySource(mailbox, "nope".toCharArray()).fetch(Instant.EPOCH));
        assertTrue(wrong.getMessage().startsWith("login refused by imap://127.0.0.1:"), wrong.getMessage());
        var folder = assertThrows(ImapReplySource.MailboxException.class, () -> new ImapReplySource(
                URI.create(mailbox.toString().replace("/INBOX", "/Replies")), "s3cret".toCharArray()).fetch(Instant.EPOCH));
        assertTrue(folder.getMessage().startsWith("no folder Replies in imap://127.0.0.1:"), folder.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImapReplySource(URI.create("https://imap.example/INBOX"), new char[0]));
        assertThrows(IllegalArgumentException.class, () -> new ImapReplySource(URI.create("imaps://imap.example/INBOX"), new char[0]));
    }

    @Test
    void fetchFromTheCliSuppressesObjectorsAndBlocksTheirPendingDrafts() throws Exception {
        Path home = dir.resolve("ws");
        Path drafts = dir.resolve("d.jsonl");
        Files.writeString(drafts, TestDrafts.jsonLine("a", "Dana, hello").replace("\"company\"",
                "\"email\":\"dana@northwind.example\",\"company\""), StandardCharsets.UTF_8);
        assertEquals(0, cli(home, "import", drafts.toString())[0].length());
        Path secret = dir.resolve("imap-password");
        Files.writeString(secret, "s3cret\n");
        String[] r = cli(home, "replies", "fetch", "--mailbox", mailbox.toString(), "--password-file", secret.toString(), "--by", "ana");
        assertTrue(r[1].contains(" email from dana@northwind.example\tobjection \u201cunsubscribe me\u201d\temail dana@northwind.example"), r[1]);
        assertTrue(r[1].contains(" email from sam@lumen.example\tno objection"), r[1]);
        assertTrue(r[1].contains(" email from ana@kumo.example\tobjection \u201cNot interested\u201d\temail ana@kumo.example"), r[1]);
        assertTrue(r[1].contains("3 replies: 2 objections; 2 do-not-contact entries added"), r[1]);
        String queue = cli(home, "queue")[1];
        assertTrue(queue.contains("\tblock\tLead is on the do-not-contact list: email dana@northwind.example: replied \u201cPlease unsubscribe me from these emails.\u201d on "),
                queue);
        String[] noPassword = cli(home, "replies", "fetch", "--mailbox", mailbox.toString());
        assertTrue(noPassword[0].contains("give --password-env VAR or --password-file FILE"), noPassword[0]);
    }

    /** Runs the CLI; returns {stderr, stdout}. */
    private static String[] cli(Path home, String... args) {
        CliHarness.Run r = CliHarness.run(home, args);
        return new String[] {r.err(), r.out()};
    }
}
