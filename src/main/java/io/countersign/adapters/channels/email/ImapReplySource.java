package io.countersign.adapters.channels.email;

import io.countersign.core.draft.Channel;
import io.countersign.core.replies.Reply;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads leads' email replies from an IMAP mailbox (read-only: nothing is marked, moved or
 * deleted), so an emailed "unsubscribe" reaches the do-not-contact list without anyone copying it.
 * The mailbox is named by a URL such as {@code imaps://replies%40acme.example@imap.acme.example/INBOX};
 * the password never appears on a command line.
 */
public final class ImapReplySource {

    /** Why a mailbox could not be read, in words for the person running it. */
    public static final class MailboxException extends Exception {
        public MailboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI mailbox;
    private final char[] password;
    private final boolean xoauth2;

    public ImapReplySource(URI mailbox, char[] password) {
        this(mailbox, password, false);
    }

    /** @param xoauth2 the secret is an OAuth access token, sent with AUTHENTICATE XOAUTH2 */
    public ImapReplySource(URI mailbox, char[] password, boolean xoauth2) {
        this.xoauth2 = xoauth2;
        String scheme = mailbox.getScheme() == null ? "" : mailbox.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("imap") && !scheme.equals("imaps")) {
            throw new IllegalArgumentException("mailbox URL must start with imaps:// (or imap://, which then needs STARTTLS)");
        }
        if (mailbox.getHost() == null || mailbox.getUserInfo() == null) {
            throw new IllegalArgumentException("mailbox URL needs a user and a host, e.g. imaps://replies%40acme.example@imap.acme.example/INBOX");
        }
        this.mailbox = mailbox;
        this.password = password.clone();
    }

    /** Replies received at or after {@code since}, oldest first. */
    public List<Reply> fetch(Instant since) throws MailboxException {
        List<Reply> replies = new ArrayList<>();
        read(since, m -> toReply(m).ifPresent(replies::add));
        replies.sort(java.util.Comparator.comparing(r -> r.receivedAt() == null ? Instant.EPOCH : r.receivedAt()));
        return replies;
    }

    /**
     * Everything received at or after {@code since}, oldest first, as results of sending: replies
     * with the Message-IDs they answer, and delivery status notifications (RFC 3464) with their
     * action, status, recipient and the original message's id.
     */
    public List<io.countersign.core.outbox.InboundMail> fetchMail(Instant since) throws MailboxException {
        List<io.countersign.core.outbox.InboundMail> out = new ArrayList<>();
        read(since, m -> out.add(inbound(m)));
        out.sort(java.util.Comparator.comparing(r -> r.receivedAt() == null ? Instant.EPOCH : r.receivedAt()));
        return out;
    }

    @FunctionalInterface
    private interface MessageAction {
        void accept(Message m) throws MessagingException, IOException;
    }

    private void read(Instant since, MessageAction each) throws MailboxException {
        String protocol = mailbox.getScheme().toLowerCase(Locale.ROOT);
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        props.put("mail." + protocol + ".timeout", Long.toString(TIMEOUT.toMillis()));
        if (protocol.equals("imaps")) {
            props.put("mail.imaps.ssl.checkserveridentity", "true");
        } else if (!loopback(mailbox.getHost())) {
            // imap:// logs in over STARTTLS or not at all: the password never crosses in clear
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
            props.put("mail.imap.ssl.checkserveridentity", "true");
        }
        if (xoauth2) {
            props.put("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
        }
        Session session = Session.getInstance(props);
        String folderName = mailbox.getPath() == null || mailbox.getPath().length() <= 1 ? "INBOX" : mailbox.getPath().substring(1);
        try (Store store = session.getStore(protocol)) {
            store.connect(mailbox.getHost(), mailbox.getPort(), mailbox.getUserInfo(), new String(password));
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                throw new MailboxException("no folder " + folderName + " in " + display(), null);
            }
            folder.open(Folder.READ_ONLY);
            try {
                for (Message m : folder.search(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(since)))) {
                    each.accept(m);
                }
            } finally {
                folder.close(false);
            }
        } catch (jakarta.mail.AuthenticationFailedException e) {
            throw new MailboxException("login refused by " + display() + ": " + e.getMessage(), e);
        } catch (MessagingException | IOException e) {
            throw new MailboxException("cannot read " + display() + ": " + rootMessage(e), e);
        }
    }

    static io.countersign.core.outbox.InboundMail inbound(Message m) throws MessagingException, IOException {
        Address[] from = m.getFrom();
        String sender = from != null && from.length > 0 && from[0] instanceof InternetAddress a && a.getAddress() != null
                ? a.getAddress() : "";
        Date received = m.getReceivedDate() != null ? m.getReceivedDate() : m.getSentDate();
        String id = m instanceof MimeMessage mime && mime.getMessageID() != null ? mime.getMessageID() : "";
        List<String> refs = new ArrayList<>();
        for (String h : new String[]{"In-Reply-To", "References"}) {
            String[] values = m.getHeader(h);
            if (values != null) {
                for (String v : values) {
                    java.util.regex.Matcher ids = MESSAGE_ID.matcher(v);
                    while (ids.find()) {
                        refs.add(ids.group());
                    }
                }
            }
        }
        io.countersign.core.outbox.InboundMail.Bounce bounce = null;
        if (m.isMimeType("multipart/report") && m.getContent() instanceof Multipart mp) {
            String status = "";
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                String raw = new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (part.isMimeType("message/delivery-status")) {
                    status = raw;
                } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
                    java.util.regex.Matcher original = ORIGINAL_ID.matcher(raw);
                    if (original.find()) {
                        refs.add(0, original.group(1));
                    }
                }
            }
            if (!status.isEmpty()) {
                bounce = new io.countersign.core.outbox.InboundMail.Bounce(field(status, "Action"), field(status, "Status"),
                        field(status, "Final-Recipient").replaceFirst("(?i)^rfc822;\\s*", ""),
                        field(status, "Diagnostic-Code").replaceFirst("(?i)^smtp;\\s*", ""));
            }
        }
        return new io.countersign.core.outbox.InboundMail(id, sender, refs, bounce == null ? textOf(m) : "",
                received == null ? null : received.toInstant(), bounce);
    }

    private static final java.util.regex.Pattern MESSAGE_ID = java.util.regex.Pattern.compile("<[^<>\\s]+>");
    private static final java.util.regex.Pattern ORIGINAL_ID = java.util.regex.Pattern.compile("(?im)^Message-ID:\\s*(<[^<>\\s]+>)");

    /** A field of the per-recipient block of a delivery status ("Status: 5.1.1"), or "". */
    private static String field(String status, String name) {
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("(?im)^" + java.util.regex.Pattern.quote(name)
                + ":\\s*(.+)$").matcher(status);
        String last = "";
        while (f.find()) {
            last = f.group(1).strip(); // the per-recipient block comes after the per-message one
        }
        return last;
    }

    private static boolean loopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]"));
    }

    private String display() {
        return mailbox.getScheme() + "://" + mailbox.getHost() + (mailbox.getPort() > 0 ? ":" + mailbox.getPort() : "")
                + (mailbox.getPath() == null ? "" : mailbox.getPath());
    }

    private static java.util.Optional<Reply> toReply(Message m) throws MessagingException, IOException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender) || sender.getAddress() == null) {
            return java.util.Optional.empty(); // nobody to suppress
        }
        Date received = m.getReceivedDate() != null ? m.getReceivedDate() : m.getSentDate();
        String id = m instanceof MimeMessage mime && mime.getMessageID() != null ? mime.getMessageID() : "";
        return java.util.Optional.of(new Reply(id, Channel.EMAIL, sender.getAddress(), "", textOf(m),
                received == null ? null : received.toInstant()));
    }

    /** The plain text of a message: its text/plain part, else its HTML with the tags taken out. */
    static String textOf(Part part) throws MessagingException, IOException {
        String plain = firstOf(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = firstOf(part, "text/html");
        return html == null ? "" : html.replaceAll("(?is)<(script|style).*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n").replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
    }

    private static String firstOf(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                String found = firstOf(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
