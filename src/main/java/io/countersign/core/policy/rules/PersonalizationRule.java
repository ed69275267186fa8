package io.countersign.core.policy.rules;

import io.countersign.core.draft.Lead;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.NormalizedText;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;

/** A message that never mentions the lead's first name or company reads as a blast. */
public final class PersonalizationRule implements PolicyRule {

    public static final String ID = "personalization";

    private final Severity severity;
    // Re-checks while typing and imports of one lead's drafts ask for the same names again.
    private volatile NameTokens last;

    private record NameTokens(List<String> names, List<List<WordTokenizer.Token>> tokens) {
    }

    public PersonalizationRule(Severity severity) {
        this.severity = severity;
    }

    private List<List<WordTokenizer.Token>> nameTokens(List<String> names) {
        NameTokens cached = last;
        if (cached != null && cached.names().equals(names)) {
            return cached.tokens();
        }
        List<List<WordTokenizer.Token>> tokens = names.stream()
                .map(n -> WordTokenizer.tokenize(NormalizedText.of(n).text())).toList();
        last = new NameTokens(List.copyOf(names), tokens);
        return tokens;
    }

    // The name's tokens appear consecutively in the message's tokens.
    private static boolean contains(Tokens text, List<WordTokenizer.Token> name) {
        if (name.isEmpty()) {
            return false;
        }
        outer:
        for (int i = 0; i + name.size() <= text.size(); i++) {
            for (int k = 0; k < name.size(); k++) {
                if (!text.is(i + k, name.get(k).folded())) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        Lead lead = input.draft().lead();
        List<String> names = new ArrayList<>();
        if (lead.name() != null && !lead.name().isBlank()) {
            names.add(lead.name().strip().split("\\s+")[0]);
        }
        if (lead.company() != null && !lead.company().isBlank()) {
            names.add(lead.company().strip());
        }
        if (names.isEmpty() || input.body().isBlank()) {
            return List.of();
        }
        Tokens tokens = input.tokens(TextField.BODY);
        for (List<WordTokenizer.Token> name : nameTokens(names)) {
            if (contains(tokens, name)) {
                return List.of();
            }
        }
        return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                "Never mentions " + String.join(" or ", names) + ": reads like a mass mailing", List.of()));
    }
}
