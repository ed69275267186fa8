package io.countersign.core.policy;

import java.util.List;

/** One guardrail. Implementations are stateless after construction and safe to share across threads. */
public interface PolicyRule {
    /** Stable identifier shown to reviewers and written to the audit log. */
    String id();

    List<Finding> evaluate(PolicyInput input);
}
