package io.countersign.adapters.channels.email;

import io.countersign.core.outbox.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Builds the RFC 5322 message every email transport sends: the approved subject and text as UTF-8
 * plain text, the outbox's Message-ID (kept on every attempt), List-Unsubscribe with the mailto
 * and, when the identity has one, the https one-click URI with List-Unsubscribe-Post (RFC 8058).
 */
public final class EmailMessages {

    /** The longest body sent (a 25 MB paste is a mistake, not a message). */
    public static final int MAX_BODY_CHARS = 1_000_000;

    private EmailMessages() {
    }

    /** Why this message cannot be built, or null: checked before any connection is made. */
    public static String problem(OutboundMessage m) {
        try {
            InternetAddress to = new InternetAddress(m.recipient(), true);
            to.validate();
        } catch (AddressException e) {
            return "recipient '" + printable(m.recipient()) + "' is not an email address (" + e.getMessage() + ")";
        }
        if (m.body().length() > MAX_BODY_CHARS) {
            return "the body is " + m.body().length() + " characters; at most " + MAX_BODY_CHARS + " are sent";
        }
        if (m.subject().chars().anyMatch(c -> c == '\r' || c == '\n')) {
            return "the subject contains a line break";
        }
        return null;
    }

    public static MimeMessage build(Session session, OutboundMessage m, Date date) throws MessagingException {
        String messageId = m.messageId();
        MimeMessage msg = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // fixed by the outbox: a retry is recognisably the same message
            }
        };
        try {
            msg.setFrom(new InternetAddress(m.identity().address(), m.identity().displayName().replaceAll("\\s*\\(sandbox\\)$", ""),
                    StandardCharsets.UTF_8.name()));
            msg.setRecipient(jakarta.mail.Message.RecipientType.TO, m.recipientName().isBlank()
                    ? new InternetAddress(m.recipient(), true)
                    : new InternetAddress(m.recipient(), m.recipientName(), StandardCharsets.UTF_8.name()));
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
        msg.setSubject(m.subject(), StandardCharsets.UTF_8.name());
        msg.setText(m.body(), StandardCharsets.UTF_8.name());
        msg.setSentDate(date);
        StringBuilder unsubscribe = new StringBuilder();
        if (!m.unsubscribeMailto().isEmpty()) {
            unsubscribe.append('<').append(m.unsubscribeMailto()).append('>');
        }
        if (!m.unsubscribeUrl().isEmpty()) {
            unsubscribe.append(unsubscribe.length() == 0 ? "" : ", ").append('<').append(m.unsubscribeUrl()).append('>');
            msg.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (unsubscribe.length() > 0) {
            msg.setHeader("List-Unsubscribe", unsubscribe.toString());
        }
        msg.setHeader("X-Countersign-Outbox", String.valueOf(m.outboxId()));
        msg.saveChanges();
        return msg;
    }

    static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
