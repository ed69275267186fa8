package io.countersign.core.policy.rules;

import io.countersign.core.policy.RuleType;
import java.util.List;

/** The rule types a policy file can name under {@code rules:}. A new rule adds its {@code TYPE} here. */
public final class BuiltInRules {

    public static final List<RuleType> ALL = List.of(
            MetricEvidenceRule.TYPE,
            PlaceholderRule.TYPE,
            DeadlinePressureRule.TYPE,
            PersonalizationRule.TYPE,
            LinkRule.TYPE,
            ChannelLimitsRule.TYPE,
            EmailFooterRule.TYPE,
            SensitiveDataRule.TYPE,
            FakeReplySubjectRule.TYPE,
            DoNotContactRule.TYPE, SendingIdentityRule.TYPE);

    private BuiltInRules() {
    }
}
