package io.countersign.core.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of audit event Countersign writes, with its wire name as it appears in the log's
 * {@code type} member. Adapters and screens use these, never string literals, so a renamed event
 * cannot silently stop matching.
 */
public enum AuditEventType {
    DRAFT_IMPORTED("draft.imported"),
    DRAFT_EVALUATED("draft.evaluated"),
    DRAFT_EDITED("draft.edited"),
    DRAFT_APPROVED("draft.approved"),
    DRAFT_REJECTED("draft.rejected"),
    POLICY_CHANGED("policy.changed"),
    SUPPRESSION_ADDED("suppression.added"),
    /** A do-not-contact entry withdrawn (added by mistake); the entry itself stays in the list's history. */
    SUPPRESSION_WITHDRAWN("suppression.withdrawn"),
    /**
     * An administrator acknowledged that the log did not verify: it records what was found (the
     * finding and the first entry concerned) and why writing may go on. Later verifications pass
     * over that entry and go on checking everything after it.
     */
    AUDIT_ACKNOWLEDGED("audit.acknowledged"),
    /** A sending account added, with everything it was configured with (never its credentials). */
    IDENTITY_ADDED("identity.added"),
    IDENTITY_PAUSED("identity.paused"),
    IDENTITY_RESUMED("identity.resumed");

    private final String wireName;

    AuditEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AuditEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
