package io.countersign.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded policy: the rules in force and the version that identifies them. The version is the
 * file's declared version plus the SHA-256 of its bytes, so two different files never share one.
 */
public final class Policy {

    private final String declaredVersion;
    private final String sha256;
    private final List<PolicyRule> rules;

    public Policy(String declaredVersion, String sha256, List<PolicyRule> rules) {
        this.declaredVersion = Objects.requireNonNull(declaredVersion);
        this.sha256 = Objects.requireNonNull(sha256);
        this.rules = List.copyOf(rules);
    }

    public String declaredVersion() {
        return declaredVersion;
    }

    public String sha256() {
        return sha256;
    }

    /** {@code <declared>+sha256:<hex>}: what every decision and audit event records. */
    public String version() {
        return declaredVersion + "+sha256:" + sha256;
    }

    /** Short form for the status bar: {@code v7 (3f2a9c1d)}. */
    public String shortVersion() {
        return "v" + declaredVersion + " (" + sha256.substring(0, 8) + ")";
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    /** Evaluates drafting a message: the decision on the draft as written. */
    public PolicyDecision evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        for (PolicyRule rule : rules) {
            findings.addAll(rule.evaluate(input));
        }
        findings.sort(FINDING_ORDER);
        return PolicyDecision.fromFindings(findings, version());
    }

    private static final java.util.Comparator<Finding> FINDING_ORDER = java.util.Comparator
            .comparing(Finding::field)
            .thenComparingInt(Finding::start)
            .thenComparingInt(Finding::end)
            .thenComparing(Finding::ruleId);
}
