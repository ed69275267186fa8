package io.countersign.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * One policy violation on an exact span of a draft's text.
 *
 * @param start first UTF-16 code unit of the span (as Java and JavaScript index strings)
 * @param end   one past the last code unit; {@code start == end} marks a finding on the whole field
 * @param observed the rule runs in observe mode: the finding is shown and logged but does not count
 */
public record Finding(String ruleId, Severity severity, TextField field, int start, int end,
                      String message, List<Fix> fixes, boolean observed) {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
    }

    /** An enforced finding. */
    public Finding(String ruleId, Severity severity, TextField field, int start, int end, String message, List<Fix> fixes) {
        this(ruleId, severity, field, start, end, message, fixes, false);
    }

    public Finding withSeverity(Severity newSeverity) {
        return new Finding(ruleId, newSeverity, field, start, end, message, fixes, observed);
    }

    /** The same finding from a rule in observe mode: shown and logged, but it does not change the decision. */
    public Finding asObserved() {
        return new Finding(ruleId, severity, field, start, end, message, fixes, true);
    }

    public int length() {
        return end - start;
    }

    /** The first fix as a one-line hint, or empty. */
    public String fixSummary() {
        return fixes.isEmpty() ? "" : fixes.get(0).label();
    }
}
