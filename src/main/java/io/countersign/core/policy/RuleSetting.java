package io.countersign.core.policy;

import java.util.Optional;

/**
 * Settings that can change per draft: whether a rule runs, the severity of its findings and its
 * mode. Empty values inherit.
 */
public record RuleSetting(Optional<Boolean> enabled, Optional<Severity> severity, Optional<RuleMode> mode) {

    public static final RuleSetting INHERIT = new RuleSetting(Optional.empty(), Optional.empty(), Optional.empty());

    /** This setting with the gaps filled from {@code fallback}. */
    public RuleSetting over(RuleSetting fallback) {
        return new RuleSetting(enabled.or(fallback::enabled), severity.or(fallback::severity), mode.or(fallback::mode));
    }
}
