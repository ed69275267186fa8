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
            return new SendOutcome.Sent(target.toString(), "already in the sandbox (delivered before an interruption)");
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
                    if (email) {
                        EmailMessages.build(session, m, Date.from(clock.instant())).writeTo(out);
                    } else {
                        out.write(linkedIn(m).getBytes(StandardCharsets.UTF_8));
                    }
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return new SendOutcome.Sent(target.toString(), "delivered to the sandbox");
        } catch (IOException e) {
            return SendOutcome.Failed.transient_("cannot write " + target + ": " + io.countersign.core.io.IoErrors.describe(e));
        } catch (MessagingException e) {
            return SendOutcome.Failed.permanent("cannot build the message: " + e.getMessage());
        }
    }

    private String linkedIn(OutboundMessage m) {
        return "From: " + m.identity().address() + "\r\nTo: " + m.recipient() + "\r\nMessage-ID: " + m.messageId()
                + "\r\nDate: " + clock.instant() + "\r\nX-Countersign-Channel: linkedin\r\nContent-Type: text/plain; "
                + "charset=UTF-8\r\n\r\n" + m.body().replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
    }
}
