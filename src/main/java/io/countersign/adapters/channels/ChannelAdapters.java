package io.countersign.adapters.channels;

import io.countersign.adapters.channels.sandbox.SandboxAdapter;
import io.countersign.adapters.channels.smtp.SmtpAdapter;
import io.countersign.core.identity.CredentialVault;
import io.countersign.core.identity.Identity;
import io.countersign.core.outbox.ChannelAdapter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/** Picks the adapter for an identity's transport, with its secret from the vault. */
public final class ChannelAdapters implements ChannelAdapter.Factory {

    private final Path sandboxDir;
    private final CredentialVault vault;
    private final Clock clock;
    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final io.countersign.adapters.oauth.AccessTokens tokens;

    /**
     * @param tls TLS sockets for servers whose certificate the JDK does not trust (a test server),
     *            or null for the JDK's trust store
     */
    public ChannelAdapters(Path sandboxDir, CredentialVault vault, Clock clock, Duration timeout, SSLSocketFactory tls,
                           io.countersign.adapters.oauth.AccessTokens tokens) {
        this.tokens = tokens;
        this.sandboxDir = sandboxDir;
        this.vault = vault;
        this.clock = clock;
        this.timeout = timeout;
        this.tls = tls;
    }

    @Override
    public ChannelAdapter forIdentity(Identity identity) {
        return switch (identity.transport().kind()) {
            case SANDBOX -> new SandboxAdapter(sandboxDir, clock);
            case SMTP, SMTPS -> new SmtpAdapter(identity, secret(identity), clock, timeout, tls);
            case SENDGRID -> new io.countersign.adapters.channels.sendgrid.SendGridAdapter(identity, required(identity), timeout, clock);
            case POSTMARK -> new io.countersign.adapters.channels.postmark.PostmarkAdapter(identity, required(identity), timeout, clock);
            case WEBHOOK -> new io.countersign.adapters.channels.webhook.WebhookAdapter(identity, required(identity), timeout, clock);
            case LINKEDIN_ASSISTED -> throw new IllegalArgumentException(identity.id() + " sends with linkedin-assisted: "
                    + "a person sends each message from the console's Outbox (Copy, open the profile, confirm)");
        };
    }

    private java.util.function.Supplier<char[]> required(Identity identity) {
        String id = identity.id();
        if (!vault.has(id)) {
            throw new IllegalArgumentException("no credentials are stored for " + id + " (" + identity.transport().text()
                    + "); add the identity again with --password-env or --password-file");
        }
        return () -> vault.get(id).orElseThrow(() -> new IllegalStateException("the credentials of " + id + " vanished"));
    }

    private SmtpAdapter.Secret secret(Identity identity) {
        if (!vault.has(identity.id())) {
            return null;
        }
        String id = identity.id();
        if (identity.login().mechanism() == Identity.Login.Mechanism.XOAUTH2) {
            return new SmtpAdapter.Secret() {
                @Override
                public char[] get() {
                    return tokens.accessToken(id);
                }

                @Override
                public boolean refused() {
                    return tokens.refused(id);
                }
            };
        }
        return () -> vault.get(id).orElseThrow(() -> new IllegalStateException("the credentials of " + id + " vanished"));
    }
}
