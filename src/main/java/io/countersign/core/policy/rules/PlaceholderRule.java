package io.countersign.core.policy.rules;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Lead;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template placeholders the drafting agent left unfilled: {@code {{first_name}}}, {@code {company}},
 * {@code [NAME]}, {@code <<Company>>}, {@code %FIRST_NAME%}. Where the lead record has the value,
 * the fix fills it in.
 */
public final class PlaceholderRule implements PolicyRule {

    public static final String ID = "placeholder";

    public static final RuleType TYPE = RuleType.of(ID, Set.of(), Severity.BLOCK, s -> new PlaceholderRule(s.severity()));

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{[^{}\\n]{0,80}\\}\\}"
            + "|\\{[A-Za-z_][A-Za-z0-9_.]{0,40}\\}"
            + "|\\[[A-Z][A-Z0-9_ ]{0,40}[A-Z0-9_]\\]|\\[[A-Z]\\]"
            + "|<<[^<>\\n]{1,80}>>"
            + "|%[A-Z][A-Z0-9_]{1,40}%");

    private final Severity severity;

    public PlaceholderRule(Severity severity) {
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        for (TextField field : TextField.values()) {
            String text = input.text(field);
            // Every placeholder starts with one of these characters; most messages have none of them.
            if (!input.scan(field).containsAny("{[<%")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String placeholder = m.group();
                List<Fix> fixes = fillFrom(input.draft().lead(), placeholder)
                        .map(value -> List.of(Fix.replaceWith("Fill in \u201c" + value + "\u201d", value)))
                        .orElse(List.of(Fix.advice("Replace " + placeholder + " with the real value")));
                findings.add(new Finding(ID, severity, field, m.start(), m.end(),
                        "Unfilled placeholder " + placeholder, fixes));
            }
        }
        return findings;
    }

    private static java.util.Optional<String> fillFrom(Lead lead, String placeholder) {
        String key = placeholder.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
        String name = lead.name() == null ? "" : lead.name().trim();
        String value = switch (key) {
            case "firstname", "first", "name", "fname" -> name.isEmpty() ? "" : name.split("\\s+")[0];
            case "fullname", "leadname" -> name;
            case "lastname", "last", "surname" -> name.contains(" ") ? name.substring(name.lastIndexOf(' ') + 1) : "";
            case "company", "companyname", "account", "org", "organization", "organisation" ->
                    lead.company() == null ? "" : lead.company().trim();
            default -> "";
        };
        return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }
}
