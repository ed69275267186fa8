package io.countersign.core.identity;

import java.util.Optional;

/** Looking up sending identities by id, for rules that check a draft's identity. */
public interface IdentityDirectory {

    Optional<Identity> find(String id);

    /**
     * Whether this directory is the workspace's list of identities, so that an id it does not know
     * is unknown (rather than merely not looked up).
     */
    default boolean complete() {
        return true;
    }

    /** No workspace (e.g. `policy check` without a database): nothing is known, so nothing is flagged. */
    IdentityDirectory NONE = new IdentityDirectory() {
        @Override
        public Optional<Identity> find(String id) {
            return Optional.empty();
        }

        @Override
        public boolean complete() {
            return false;
        }
    };
}
