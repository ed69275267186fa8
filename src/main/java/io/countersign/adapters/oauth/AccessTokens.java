package io.countersign.adapters.oauth;

import io.countersign.core.identity.CredentialVault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens for identities that log in with XOAUTH2. An identity signed in through
 * {@code identities sign-in} has an {@link OAuthCredential} in the vault: its access token is
 * renewed with the refresh token when it is missing or within a minute of expiring, kept in memory
 * only, and a refresh token the provider rotates is stored back at once (Microsoft rotates them).
 * An identity whose secret is a bare access token gets that token as it is.
 */
public final class AccessTokens {

    private static final Duration EARLY = Duration.ofSeconds(60);

    private record Cached(char[] token, Instant expires) {
    }

    private final CredentialVault vault;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public AccessTokens(CredentialVault vault, TokenEndpoint endpoint, Clock clock) {
        this.vault = vault;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** Whether the identity's stored secret is a sign-in that can be renewed (not a bare token or password). */
    public boolean renewable(String identityId) {
        return vault.get(identityId).flatMap(AccessTokens::credential).isPresent();
    }

    /**
     * The access token to log in with (the caller wipes the copy it gets).
     *
     * @throws OAuthException when it cannot be renewed (refused: sign in again; otherwise try later)
     */
    public char[] accessToken(String identityId) {
        synchronized (locks.computeIfAbsent(identityId, k -> new Object())) {
            char[] secret = vault.get(identityId).orElseThrow(() -> new OAuthException("no credentials are stored for "
                    + identityId + ": sign in with 'countersign identities sign-in " + identityId + "'", true, null));
            try {
                Optional<OAuthCredential> credential = credential(secret);
                if (credential.isEmpty()) {
                    return secret.clone(); // an access token given by hand: used until the server refuses it
                }
                Cached c = cache.get(identityId);
                Instant now = clock.instant();
                if (c != null && now.isBefore(c.expires().minus(EARLY))) {
                    return c.token().clone();
                }
                OAuthCredential cred = credential.get();
                TokenEndpoint.Grant g;
                try {
                    g = endpoint.refresh(cred);
                } catch (OAuthException e) {
                    throw new OAuthException("the sign-in of " + identityId + " (" + cred.provider() + ") could not be renewed: "
                            + e.getMessage() + (e.refused() ? "; sign in again: countersign identities sign-in " + identityId : ""),
                            e.refused(), e);
                }
                if (g.refreshToken() != null && !g.refreshToken().equals(cred.refreshToken())) {
                    char[] rotated = cred.withRefreshToken(g.refreshToken()).toSecret();
                    try {
                        vault.put(identityId, rotated); // the old one may stop working now
                    } finally {
                        java.util.Arrays.fill(rotated, '\0');
                    }
                }
                Cached fresh = new Cached(g.accessToken().toCharArray(), now.plus(g.expiresIn()));
                Cached old = cache.put(identityId, fresh);
                if (old != null) {
                    java.util.Arrays.fill(old.token(), '\0');
                }
                return fresh.token().clone();
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * The server refused the token: forgets it so the next login renews it.
     *
     * @return whether there was a renewable token to forget (then one more try is worth it)
     */
    public boolean refused(String identityId) {
        Cached old = cache.remove(identityId);
        if (old != null) {
            java.util.Arrays.fill(old.token(), '\0');
        }
        return old != null && renewable(identityId);
    }

    private static Optional<OAuthCredential> credential(char[] secret) {
        return OAuthCredential.of(secret);
    }
}
