package io.countersign.core.review;

import io.countersign.core.audit.note.NoteKey;
import java.util.Optional;

/**
 * Where reviewers' signing keys are kept: each reviewer's Ed25519 key, its private part sealed with
 * a key derived from the reviewer's passphrase and never stored in clear. A key is unlocked for the
 * session (the console's, or one CLI command) and forgotten when the process ends or it is locked.
 */
public interface ReviewerKeys {

    enum State { NONE, LOCKED, UNLOCKED }

    State state(String reviewer);

    /**
     * Makes the reviewer's key, sealed with the passphrase, and leaves it unlocked.
     *
     * @throws IllegalStateException when the reviewer has a key already
     * @throws IllegalArgumentException when the passphrase is too short
     */
    NoteKey create(String reviewer, char[] passphrase);

    /**
     * Unlocks the reviewer's key for this session.
     *
     * @throws WrongPassphraseException when the passphrase does not open it
     * @throws IllegalStateException    when the reviewer has no key
     */
    NoteKey unlock(String reviewer, char[] passphrase);

    void lock(String reviewer);

    /** The reviewer's public key, whether unlocked or not. */
    Optional<byte[]> publicKey(String reviewer);

    /** The unlocked key, if the reviewer unlocked it in this session. */
    Optional<NoteKey> unlocked(String reviewer);

    /** The passphrase does not open the key (or the key file was changed). */
    final class WrongPassphraseException extends RuntimeException {
        public WrongPassphraseException(String message) {
            super(message);
        }
    }
}
