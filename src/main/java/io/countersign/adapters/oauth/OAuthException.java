package io.countersign.adapters.oauth;

/**
 * OAuth could not give an access token. {@code refused}: the provider said no (the sign-in expired or
 * was revoked, the client is wrong) and only signing in again helps; otherwise it could not be
 * reached or answered badly, and a later attempt may work. Messages never carry a token.
 */
public final class OAuthException extends RuntimeException {

    private final boolean refused;

    public OAuthException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    public boolean refused() {
        return refused;
    }
}
