package io.countersign.adapters.channels.sandbox;

import io.countersign.adapters.channels.email.EmailMessages;
import io.countersign.core.draft.Channel;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Delivers to the workspace itself: each message becomes one RFC 5322 {@code .eml} file under
 * {@code sandbox/} (a LinkedIn message too, as a text message addressed to the profile), named by
 * its outbox entry and written by rename, so a retry after a crash finds it already delivered and
 * never writes it twice. Nothing leaves the machine.
 */
public final class SandboxAdapter implements ChannelAdapter {

    private final Path dir;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public SandboxAdapter(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The file a message is delivered to. */
    public static Path fileFor(Path dir, OutboundMessage m) {
        return dir.resolve(m.identity().id().replaceAll("[^A-Za-z0-9._@+-]", "_"))
                .resolve("outbox-" + m.outboxId() + ".eml");
    }

    @Override
    public boolean deduplicates() {
        return true;
    }

    @Override
    public SendOutcome send(OutboundMessage m) {
        Path target = fileFor(dir, m);
        if (Files.exists(target)) {
            return new SendOutcome.Sent(relative(target), "already in the sandbox (delivered before an interruption)");
        }
        boolean email = m.identity().channel() == Channel.EMAIL;
        if (email) {
            String problem = EmailMessages.problem(m);
            if (problem != null) {
                return SendOutcome.Failed.permanent(problem);
            }
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".sending-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    (email ? EmailMessages.build(session, m, Date.from(clock.instant())) : linkedIn(m)).writeTo(out);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return new SendOutcome.Sent(relative(target), "delivered to the sandbox");
        } catch (IOException e) {
            return SendOutcome.Failed.transient_("cannot write " + target + ": " + io.countersign.core.io.IoErrors.describe(e));
        } catch (MessagingException e) {
            return SendOutcome.Failed.permanent("cannot build the message: " + e.getMessage());
        }
    }

    /** "sandbox/maria.email/outbox-7.eml": where in the workspace the message is. */
    private String relative(Path target) {
        Path parent = dir.getParent();
        return (parent == null ? target : parent.relativize(target)).toString().replace('\\', '/');
    }

    /**
     * A LinkedIn message as an RFC 5322 file too: synthetic sandbox addresses, the real profile URLs
     * in X-LinkedIn-From / X-LinkedIn-To, the text as UTF-8.
     */
    private jakarta.mail.internet.MimeMessage linkedIn(OutboundMessage m) throws MessagingException {
        jakarta.mail.internet.MimeMessage msg = new jakarta.mail.internet.MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", m.messageId());
            }
        };
        try {
            msg.setFrom(new jakarta.mail.internet.InternetAddress(local(m.identity().id()) + "@linkedin.sandbox.invalid",
                    m.identity().displayName(), StandardCharsets.UTF_8.name()));
            msg.setRecipient(jakarta.mail.Message.RecipientType.TO, new jakarta.mail.internet.InternetAddress(
                    local(m.draftId()) + "@linkedin.sandbox.invalid", m.recipientName(), StandardCharsets.UTF_8.name()));
        } catch (java.io.UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
        msg.setHeader("X-LinkedIn-From", m.identity().address());
        msg.setHeader("X-LinkedIn-To", m.recipient());
        msg.setHeader("X-Countersign-Outbox", String.valueOf(m.outboxId()));
        msg.setSubject(m.subject().isEmpty() ? "LinkedIn message" : m.subject(), StandardCharsets.UTF_8.name());
        msg.setText(m.body(), StandardCharsets.UTF_8.name());
        msg.setSentDate(Date.from(clock.instant()));
        msg.saveChanges();
        return msg;
    }

    private static String local(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "-");
        return t.isEmpty() ? "x" : t.length() > 60 ? t.substring(0, 60) : t;
    }
}
