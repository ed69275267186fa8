package io.countersign.core.outbox;

import java.time.Duration;

/** What a transport said about one attempt. */
public sealed interface SendOutcome {

    /** Accepted by the server or provider; {@code providerId} is its id for the message, if it gave one. */
    record Sent(String providerId, String detail) implements SendOutcome {
    }

    /**
     * Not accepted. {@code permanent}: the same attempt will fail again (a 5xx SMTP reply, a 400/422
     * from a provider, an address that is not one); otherwise it is retried with backoff, no sooner
     * than {@code retryAfter} when the server named one.
     */
    record Failed(boolean permanent, String reason, Duration retryAfter) implements SendOutcome {
        public static Failed permanent(String reason) {
            return new Failed(true, reason, null);
        }

        public static Failed transient_(String reason) {
            return new Failed(false, reason, null);
        }
    }

    /**
     * The server refused the identity's credentials (SMTP 535, HTTP 401/403): the identity is paused
     * so nothing else is tried with them, and the message waits for it to be resumed.
     */
    record CredentialsRefused(String reason) implements SendOutcome {
    }

    /**
     * The attempt broke off after the message may have been handed over (the connection dropped
     * while the server was confirming it): only a human can say whether it arrived.
     */
    record Unknown(String reason) implements SendOutcome {
    }
}
