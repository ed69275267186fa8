package io.countersign.core.policy.rules;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Flags phrases from a list in the policy file (banned claims, pressure tactics...): whole words,
 * case-insensitive, in the subject and the body. The rule id and severity come from the policy.
 */
public final class PhraseListRule implements PolicyRule {

    private final String id;
    private final Severity severity;
    private final String message;
    private final PhraseMatcher matcher;

    public PhraseListRule(String id, Severity severity, String message, List<String> phrases) {
        this.id = Objects.requireNonNull(id);
        this.severity = Objects.requireNonNull(severity);
        this.message = message == null || message.isBlank() ? "Phrase not allowed by policy" : message;
        this.matcher = new PhraseMatcher(phrases);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        for (TextField field : TextField.values()) {
            String text = input.text(field);
            for (PhraseMatcher.Match m : matcher.find(text)) {
                String quoted = text.substring(m.start(), m.end());
                findings.add(new Finding(id, severity, field, m.start(), m.end(),
                        message + ": \u201c" + quoted + "\u201d",
                        List.of(Fix.replaceWith("Remove \u201c" + quoted + "\u201d", ""))));
            }
        }
        return findings;
    }
}
