package io.countersign.adapters.channels.smtp;

import io.countersign.adapters.channels.email.EmailMessages;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends through an SMTP server with Angus Mail. {@code smtp://} uses STARTTLS when the server offers
 * it and insists on it when logging in (a password never crosses in clear text); {@code smtps://}
 * is TLS from the first byte. Logs in with AUTH PLAIN/LOGIN or XOAUTH2 (an OAuth access token, for
 * Google Workspace and Microsoft 365). The server's certificate and host name are checked. One
 * connection is kept for the messages of one run.
 *
 * <p>Replies map to outcomes: 5xx permanent, 4xx retried, 535 and other login refusals pause the
 * identity; a connection that drops after the message was handed over is {@code unknown}.
 */
public final class SmtpAdapter implements ChannelAdapter {

    /** Supplies the identity's secret at connect time; never stored in this object. */
    public interface Secret {
        /** The password or access token; may throw {@link io.countersign.adapters.oauth.OAuthException}. */
        char[] get();

        /** The server refused what {@link #get} gave: true when a fresh one is worth one more try (a renewed token). */
        default boolean refused() {
            return false;
        }
    }

    private final Identity identity;
    private final Secret secret;
    private final Clock clock;
    private final Session session;
    private final String protocol;
    private SMTPTransport transport;

    /**
     * @param sslFactory the TLS socket factory to trust servers with, or null for the JDK's default
     *                   trust store (tests pass one that trusts a local test server's certificate)
     */
    public SmtpAdapter(Identity identity, Secret secret, Clock clock, Duration timeout, SSLSocketFactory sslFactory) {
        Transport t = identity.transport();
        if (t.kind() != Transport.Kind.SMTP && t.kind() != Transport.Kind.SMTPS) {
            throw new IllegalArgumentException(identity.id() + " does not send with SMTP");
        }
        this.identity = identity;
        this.secret = secret;
        this.clock = clock;
        this.protocol = t.kind() == Transport.Kind.SMTPS ? "smtps" : "smtp";
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.put(pre + "host", t.host());
        p.put(pre + "port", String.valueOf(t.port()));
        String ms = String.valueOf(timeout.toMillis());
        p.put(pre + "connectiontimeout", ms);
        p.put(pre + "timeout", ms);
        p.put(pre + "writetimeout", ms);
        p.put(pre + "ssl.checkserveridentity", "true");
        p.put(pre + "auth", String.valueOf(secret != null));
        if (protocol.equals("smtp")) {
            p.put(pre + "starttls.enable", "true");
            p.put(pre + "starttls.required", String.valueOf(secret != null));
        } else {
            p.put(pre + "ssl.enable", "true");
        }
        if (identity.login().mechanism() == Identity.Login.Mechanism.XOAUTH2) {
            p.put(pre + "auth.mechanisms", "XOAUTH2");
        } else {
            p.put(pre + "auth.mechanisms", "PLAIN LOGIN");
        }
        if (sslFactory != null) {
            p.put(pre + "ssl.socketFactory", sslFactory);
        }
        this.session = Session.getInstance(p);
    }

    /** Server errors never carry the secret; they name the identity and the server. */
    private String where() {
        return identity.id() + " via " + identity.transport().text();
    }

    @Override
    public boolean deduplicates() {
        return false;
    }

    @Override
    public SendOutcome send(OutboundMessage m) {
        String problem = EmailMessages.problem(m);
        if (problem != null) {
            return SendOutcome.Failed.permanent(problem);
        }
        MimeMessage msg;
        try {
            msg = EmailMessages.build(session, m, Date.from(clock.instant()));
        } catch (MessagingException e) {
            return SendOutcome.Failed.permanent("cannot build the message: " + e.getMessage());
        }
        try {
            try {
                connect();
            } catch (AuthenticationFailedException e) {
                close();
                if (secret == null || !secret.refused()) {
                    throw e;
                }
                connect(); // the access token was refused before it expired (revoked, rotated): once more with a new one
            }
        } catch (AuthenticationFailedException e) {
            close();
            return new SendOutcome.CredentialsRefused("the server refused the login of " + where() + ": " + reply(e));
        } catch (MessagingException e) {
            close();
            return connectFailure(e);
        } catch (io.countersign.adapters.oauth.OAuthException e) {
            close();
            return e.refused() ? new SendOutcome.CredentialsRefused(e.getMessage())
                    : SendOutcome.Failed.transient_(e.getMessage());
        }
        try {
            transport.sendMessage(msg, msg.getAllRecipients());
            String reply = transport.getLastServerResponse();
            return new SendOutcome.Sent(m.messageId(), reply == null ? "" : reply.strip());
        } catch (SMTPAddressFailedException e) {
            return replyFailure(e.getReturnCode(), "the server refused the recipient " + m.recipient() + ": " + reply(e));
        } catch (SMTPSendFailedException e) {
            return replyFailure(e.getReturnCode(), "the server refused the message: " + reply(e));
        } catch (SendFailedException e) {
            int code = transport.getLastReturnCode();
            return replyFailure(code, "the server refused the message: " + reply(e));
        } catch (MessagingException e) {
            close();
            // The connection broke during the exchange: if it broke while the server was confirming
            // the data, the message may have been accepted. Never resend on a guess.
            return new SendOutcome.Unknown("the connection to " + where() + " broke while sending (" + reply(e)
                    + "): the server may have accepted the message");
        }
    }

    private void connect() throws MessagingException {
        if (transport != null && transport.isConnected()) {
            return;
        }
        transport = (SMTPTransport) session.getTransport(protocol);
        if (secret == null) {
            transport.connect();
            return;
        }
        char[] s = secret.get();
        try {
            transport.connect(identity.transport().host(), identity.transport().port(), identity.loginUser(), new String(s));
        } finally {
            java.util.Arrays.fill(s, '\0');
        }
    }

    private SendOutcome replyFailure(int code, String reason) {
        if (code < 0) {
            close();
            // No reply at all: the connection ended mid-exchange, perhaps after the data went over.
            return new SendOutcome.Unknown(reason + " — the connection to " + where() + " ended without a reply, "
                    + "so the server may have accepted the message");
        }
        if (code == 535 || code == 534 || code == 530) {
            return new SendOutcome.CredentialsRefused(reason + " (" + where() + ")");
        }
        if (code >= 400 && code < 500) {
            return SendOutcome.Failed.transient_(reason + " (" + where() + ")");
        }
        return SendOutcome.Failed.permanent(reason + " (" + where() + ")");
    }

    private SendOutcome connectFailure(MessagingException e) {
        Throwable cause = find(e, UnknownHostException.class, SSLException.class, ConnectException.class,
                SocketTimeoutException.class, IOException.class);
        if (cause instanceof UnknownHostException) {
            return new SendOutcome.CredentialsRefused("cannot find the server " + identity.transport().host()
                    + " (" + where() + "): check the host name");
        }
        if (cause instanceof SSLException) {
            return new SendOutcome.CredentialsRefused("TLS with " + where() + " failed: " + cause.getMessage()
                    + " (the certificate is not trusted or does not match the host)");
        }
        if (e.getMessage() != null && e.getMessage().contains("STARTTLS is required")) {
            return new SendOutcome.CredentialsRefused(where() + " does not offer STARTTLS, so the password is not sent: "
                    + "use smtps:// or a server that supports STARTTLS");
        }
        if (cause instanceof ConnectException) {
            return SendOutcome.Failed.transient_("cannot connect to " + where() + ": " + cause.getMessage());
        }
        if (cause instanceof SocketTimeoutException) {
            return SendOutcome.Failed.transient_(where() + " did not answer in time");
        }
        if (cause instanceof IOException) {
            return SendOutcome.Failed.transient_("connection to " + where() + " failed: " + cause.getMessage());
        }
        return SendOutcome.Failed.transient_("cannot connect to " + where() + ": " + reply(e));
    }

    /** The first cause in the chain of one of these kinds, tried in order; else the exception itself. */
    @SafeVarargs
    private static Throwable find(Throwable t, Class<? extends Throwable>... kinds) {
        for (Class<? extends Throwable> k : kinds) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (k.isInstance(c)) {
                    return c;
                }
            }
        }
        return t;
    }

    private static String reply(Exception e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // a connection that is already gone
            }
            transport = null;
        }
    }
}
