package io.countersign.core.identity;

import java.util.Optional;

/** Looking up sending identities by id, for rules that check a draft's identity. */
public interface IdentityDirectory {

    Optional<Identity> find(String id);

    /** No workspace (e.g. `policy check` without a database): nothing is known, so nothing is flagged. */
    IdentityDirectory NONE = id -> Optional.empty();
}
