package io.countersign.adapters.channels.email;

import io.countersign.core.identity.CredentialVault;
import io.countersign.core.identity.Identity;
import io.countersign.core.outbox.InboundMail;
import io.countersign.core.outbox.MailboxReader;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** Each email identity's mailbox over IMAP, logged in with the identity's stored secret. */
public final class ImapMailboxes implements MailboxReader {

    private final CredentialVault vault;
    private final io.countersign.adapters.oauth.AccessTokens tokens;

    public ImapMailboxes(CredentialVault vault, io.countersign.adapters.oauth.AccessTokens tokens) {
        this.vault = vault;
        this.tokens = tokens;
    }

    @Override
    public List<InboundMail> read(Identity identity, Instant since) throws Unavailable {
        if (identity.imapUrl().isEmpty()) {
            return List.of();
        }
        boolean oauth = identity.login().mechanism() == Identity.Login.Mechanism.XOAUTH2;
        if (!vault.has(identity.id())) {
            throw new Unavailable("no credentials are stored for " + identity.id() + ", so its mailbox cannot be read", null);
        }
        char[] secret;
        try {
            secret = oauth ? tokens.accessToken(identity.id()) : vault.get(identity.id()).orElseThrow();
        } catch (io.countersign.adapters.oauth.OAuthException e) {
            throw new Unavailable(e.getMessage(), e);
        }
        try {
            return new ImapReplySource(URI.create(identity.imapUrl()), secret, oauth).fetchMail(since);
        } catch (ImapReplySource.MailboxException | IllegalArgumentException e) {
            throw new Unavailable(identity.id() + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }
}
