package io.countersign.core.identity;

import java.util.Optional;

/**
 * Secrets an identity sends with (an SMTP password, an API token), kept encrypted at rest. Nothing
 * here ever returns a secret as a String that could end up in a log or a message.
 */
public interface CredentialVault {

    void put(String identityId, char[] secret);

    Optional<char[]> get(String identityId);

    boolean has(String identityId);

    /** Forgets an identity's secret (the identity was removed). */
    void remove(String identityId);
}
