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
    /** This device enrolled with a collector that witnesses its log: the endpoint, the name it is known by there, the pinned collector key. */
    WITNESS_ENROLLED("audit.witness-enrolled"),
    /** From this entry on, every approval and rejection by a person carries that reviewer's signature ({@link DecisionSignatures}). */
    DECISIONS_SIGNED("audit.decisions-signed"),
    /** A reviewer's public signing key, with its proof of possession: decisions signed with it verify from here on. */
    REVIEWER_KEY_ADDED("reviewer.key-added"),
    /** A sending account added, with everything it was configured with (never its credentials). */
    IDENTITY_ADDED("identity.added"),
    IDENTITY_PAUSED("identity.paused"),
    IDENTITY_RESUMED("identity.resumed"),
    /** An identity's settings changed, each from → to (a new secret only as "replaced"). */
    IDENTITY_EDITED("identity.edited"),
    /** An identity removed, with why; its messages still scheduled wait (naming it) until it is added again or they are cancelled. */
    IDENTITY_REMOVED("identity.removed"),
    /** A test message sent through an identity to a person's own address ("Send test message to me"), and its result. */
    IDENTITY_TESTED("identity.tested"),
    /** A message held back by a limit, the sending window or a paused identity, naming which and until when. */
    SEND_DEFERRED("send.deferred"),
    /** A delivery status notification about a sent message: failed (hard bounce) or delayed, with the status code. */
    MESSAGE_BOUNCED("message.bounced"),
    /** A reply to a sent message (matched by In-Reply-To / References), and whether it objected. */
    MESSAGE_REPLIED("message.replied"),
    /** A message the transport accepted: which identity sent it, to whom, and its count for the day. */
    MESSAGE_SENT("message.sent"),
    /** An attempt that failed, permanent or to be retried, with the server's reason. */
    SEND_FAILED("send.failed"),
    /** The process stopped while a message was being sent: a human must say whether it went out. */
    SEND_UNKNOWN("send.unknown"),
    /** A human said whether a message of unknown outcome went out. */
    SEND_RESOLVED("send.resolved"),
    /** A failed message put back in the schedule by a human. */
    SEND_RETRIED("send.retried"),
    /** An approval withdrawn before its message left (undo, or outbox cancel): the draft is pending again. */
    SEND_CANCELLED("send.cancelled"),
    /** A message refused at the gate: no verifiable approval, or blocked under the policy in force. */
    SEND_REFUSED("send.refused"),
    SENDING_PAUSED("sending.paused"),
    /** An auto-send rule added: which drafts skip human approval from now on, and who decided it. */
    AUTOSEND_RULE_ADDED("autosend.rule-added"),
    /** An owner's shared daily budget across their identities set (0: removed). */
    OWNER_BUDGET_SET("sending.owner-budget-set"),
    AUTOSEND_RULE_REMOVED("autosend.rule-removed"),
    SENDING_RESUMED("sending.resumed");

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
