package io.countersign.core.review;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.draft.Draft;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.PolicyDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the audit events of a draft's life. Every event carries the blueprint's members: actor,
 * identity, lead and lead URL, prompt and policy versions, original draft, final text, approver,
 * action and result, so any single entry answers "who did what to which message, and why".
 */
public final class DraftEvents {


    private DraftEvents() {
    }

    public static AuditEvent imported(QueuedDraft q, String source) {
        return base(AuditEventType.DRAFT_IMPORTED, Actor.agent(q.draft().createdBy()), q)
                .with("action", "import").with("result", "stored")
                .with("source", source)
                .with("createdAt", q.draft().createdAt().toString())
                .with("subject", q.draft().subject())
                .build();
    }

    public static AuditEvent evaluated(QueuedDraft q, Actor actor) {
        return withDecision(base(AuditEventType.DRAFT_EVALUATED, actor, q), q.decision())
                .with("action", "evaluate").with("result", q.decision().decision().wireName())
                .with("subject", q.subject())
                .with("final", q.body())
                .build();
    }

    public static AuditEvent edited(QueuedDraft before, QueuedDraft after, Actor reviewer, String note) {
        return withDecision(base(AuditEventType.DRAFT_EDITED, reviewer, after), after.decision())
                .with("action", "revise").with("result", after.decision().decision().wireName())
                .with("previousText", before.body())
                .with("previousSubject", before.subject().equals(after.subject()) ? null : before.subject())
                .with("subject", after.subject())
                .with("final", after.body())
                .with("note", note)
                .build();
    }

    /** @param signature the reviewer's signature ({@link io.countersign.core.audit.DecisionSignatures#sign}) */
    public static AuditEvent approved(QueuedDraft q, Actor reviewer, List<Finding> acknowledged, Map<String, Object> signature) {
        return withDecision(base(AuditEventType.DRAFT_APPROVED, reviewer, q), q.decision())
                .with("action", "approve").with("result", "approved")
                .with("approvedBy", reviewer.id())
                .with("recipient", recipientOf(q))
                .with("subject", q.subject())
                .with("final", q.body())
                .with("acknowledged", acknowledged.isEmpty() ? null : findings(acknowledged))
                .with("signature", signature)
                .build();
    }

    /** Approved by Countersign itself under an explicit auto-send rule, which the event names. */
    public static AuditEvent autoApproved(QueuedDraft q, String rule) {
        return withDecision(base(AuditEventType.DRAFT_APPROVED, Actor.SYSTEM, q), q.decision())
                .with("action", "approve").with("result", "approved")
                .with("approvedBy", Actor.SYSTEM.id())
                .with("autosendRule", rule)
                .with("recipient", recipientOf(q))
                .with("subject", q.subject())
                .with("final", q.body())
                .build();
    }

    /** Who the message goes to: the lead's email for an email draft, its profile URL for a LinkedIn one. */
    public static String recipientOf(QueuedDraft q) {
        return recipient(q.draft().channel(), q.draft().lead().email(), q.draft().lead().profileUrl());
    }

    /** The same rule from a lead's two addresses: the email for an email draft, the profile URL for LinkedIn (null when absent). */
    public static String recipient(io.countersign.core.draft.Channel channel, String email, String profileUrl) {
        String r = channel == io.countersign.core.draft.Channel.EMAIL ? email : profileUrl;
        return r == null ? null : r.strip();
    }

    public static AuditEvent rejected(QueuedDraft q, Actor reviewer, String reason, Map<String, Object> signature) {
        return withDecision(base(AuditEventType.DRAFT_REJECTED, reviewer, q), q.decision())
                .with("action", "reject").with("result", "rejected")
                .with("rejectedBy", reviewer.id())
                .with("reason", reason)
                .with("subject", q.subject())
                .with("final", q.body())
                .with("signature", signature)
                .build();
    }

    private static AuditEvent.Builder base(AuditEventType type, Actor actor, QueuedDraft q) {
        Draft d = q.draft();
        return AuditEvent.of(type, actor)
                .with("draftId", d.id())
                .with("channel", d.channel().wireName())
                .with("identityId", d.identityId())
                .with("leadId", d.lead().id())
                .with("leadUrl", d.lead().url())
                .with("campaign", d.campaign())
                .with("template", d.template())
                .with("persona", d.persona())
                .with("promptVersion", d.promptVersion())
                .with("policyVersion", q.decision().policyVersion())
                .with("draft", d.content());
    }

    private static AuditEvent.Builder withDecision(AuditEvent.Builder b, PolicyDecision decision) {
        return b.with("decision", decision.decision().wireName())
                .with("reasons", decision.reasons())
                .with("findings", findings(decision.findings()));
    }

    static List<Map<String, Object>> findings(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Map<String, Object> m = findingMap(f);
            if (f.observed()) {
                m.put("mode", "observe");
            }
            out.add(m);
        }
        return out;
    }

    /** A finding as JSON members, shared by audit events and CLI output: rule, severity, field, span, message. */
    public static Map<String, Object> findingMap(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", f.ruleId());
        m.put("severity", f.severity().wireName());
        m.put("field", f.field().wireName());
        m.put("start", f.start());
        m.put("end", f.end());
        m.put("message", f.message());
        return m;
    }
}
