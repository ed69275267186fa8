package io.countersign.core.identity;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Signing a mailbox in with its provider (Google, Microsoft, or any OAuth 2.0 server): the person
 * approves Countersign in their browser and the flow returns what the vault keeps so the identity
 * can renew its access by itself. Implemented in adapters (HTTP, the browser's way back).
 */
public interface SignInFlow {

    /**
     * @param provider     google, microsoft, microsoft:TENANT, or custom (then both URLs are needed)
     * @param clientId     the OAuth client (app registration) the organisation created for Countersign
     * @param clientSecret its secret if it has one (Google desktop clients do), else null
     * @param authorizeUrl overrides the provider's (null: the provider's)
     * @param tokenUrl     overrides the provider's (null: the provider's)
     * @param scope        overrides the provider's (null: sending and reading mail)
     * @param loginHint    the mailbox to sign in as, offered to the provider's page (may be null)
     */
    record Request(String provider, String clientId, char[] clientSecret, String authorizeUrl, String tokenUrl,
                   String scope, String loginHint, Duration timeout) {
        @Override
        public String toString() {
            return "SignInFlow.Request[" + provider + ", client " + clientId + "]";
        }
    }

    /** The sign-in was tried and did not work (refused, timed out): nothing was changed. */
    final class Failed extends IdentityException {
        public Failed(String message) {
            super(message);
        }
    }

    /**
     * Runs the sign-in: gives {@code open} the address the person must visit and waits (at most the
     * request's timeout) for the browser to come back.
     *
     * @return the secret the vault keeps for the identity
     * @throws Failed when the provider refused, the browser did not come back or the token endpoint failed
     * @throws IdentityException naming a bad option
     */
    char[] signIn(Request request, Consumer<URI> open) throws IdentityException, InterruptedException;
}
