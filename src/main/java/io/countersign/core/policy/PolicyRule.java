package io.countersign.core.policy;

import java.util.List;

/** One guardrail. Implementations are stateless after construction and safe to share across threads. */
public interface PolicyRule {
    /** Stable identifier shown to reviewers and written to the audit log. */
    String id();

    List<Finding> evaluate(PolicyInput input);

    /**
     * Whether this rule's settings say a draft is a LinkedIn connection request (the channel-limits
     * rule's {@code connection-note-templates}); empty when the rule has no say.
     */
    default java.util.Optional<Boolean> connectionRequest(io.countersign.core.draft.Draft draft) {
        return java.util.Optional.empty();
    }
}
