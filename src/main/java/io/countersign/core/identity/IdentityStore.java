package io.countersign.core.identity;

import io.countersign.core.audit.AuditEvent;
import java.util.List;
import java.util.Optional;

/** Where identities are kept. Writes join the workspace's unit of work, with their audit events. */
public interface IdentityStore extends IdentityDirectory {

    List<Identity> all();

    @Override
    Optional<Identity> find(String id);

    void insert(Identity identity, AuditEvent event);

    void update(Identity identity, AuditEvent event);

    /** Removes an identity (its history stays in the audit log). */
    void delete(String id, AuditEvent event);
}
