package io.countersign.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The decision on one outbound action, with every reason behind it and the findings that led to it.
 *
 * @param policyVersion the policy that made the decision ({@code version+sha256:hex})
 */
public record PolicyDecision(Decision decision, List<String> reasons, List<Finding> findings,
                             String policyVersion) {
    public PolicyDecision {
        Objects.requireNonNull(decision, "decision");
        reasons = List.copyOf(reasons);
        findings = List.copyOf(findings);
        Objects.requireNonNull(policyVersion, "policyVersion");
    }

    /** Builds the decision from findings: the strongest severity wins, every reason is kept. */
    public static PolicyDecision fromFindings(List<Finding> findings, String policyVersion) {
        Decision decision = Decision.ALLOW;
        Set<String> reasons = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (f.observed()) {
                continue;
            }
            Decision d = Decision.of(f.severity());
            decision = decision.strongest(d);
            if (d != Decision.ALLOW) {
                reasons.add(f.message());
            }
        }
        return new PolicyDecision(decision, new ArrayList<>(reasons), findings, policyVersion);
    }

    /** All reasons in one line, or empty for allow. */
    public String reason() {
        return String.join("; ", reasons);
    }

    public boolean isBlocked() {
        return decision == Decision.BLOCK;
    }

    public List<Finding> findingsWith(Severity severity) {
        return findings.stream().filter(f -> !f.observed() && f.severity() == severity).toList();
    }
}
