package io.countersign.core.policy.rules;

import io.countersign.core.text.Tokens;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Lead;
import io.countersign.core.policy.Finding;
import io.countersign.core.text.NormalizedText;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;

/** A message that never mentions the lead's first name or company reads as a blast. */
public final class PersonalizationRule implements PolicyRule {

    public static final String ID = "personalization";

    public static final RuleType TYPE = RuleType.of(ID, Set.of(), Severity.WARN, s -> new PersonalizationRule(s.severity()));

    private final Severity severity;

    public PersonalizationRule(Severity severity) {
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        Lead lead = input.draft().lead();
        List<String> names = new ArrayList<>(2);
        if (lead.name() != null && !lead.name().isBlank()) {
            names.add(firstWord(lead.name().strip()));
        }
        if (lead.company() != null && !lead.company().isBlank()) {
            names.add(lead.company().strip());
        }
        if (names.isEmpty() || input.body().isBlank()) {
            return List.of();
        }
        Tokens tokens = input.tokens(TextField.BODY);
        for (String name : names) {
            if (mentions(tokens, Tokens.of(NormalizedText.of(name).text()))) {
                return List.of();
            }
        }
        return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                "Never mentions " + String.join(" or ", names) + ": reads like a mass mailing", List.of()));
    }

    private static String firstWord(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    // The name's words appear consecutively among the message's words.
    private static boolean mentions(Tokens text, Tokens name) {
        if (name.size() == 0) {
            return false;
        }
        outer:
        for (int i = 0; i + name.size() <= text.size(); i++) {
            for (int k = 0; k < name.size(); k++) {
                if (!text.sameWord(i + k, name, k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
