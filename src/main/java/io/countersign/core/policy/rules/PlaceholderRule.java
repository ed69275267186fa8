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
 * {@code [NAME]}, {@code <<Company>>}, {@code %FIRST_NAME%}, and in any case and style
 * {@code [company]}, {@code [First Name]}, {@code <first name>}, {@code {First Name}},
 * {@code __COMPANY__}, {@code %first_name%} when every word inside is a template word (name,
 * company, title, insert, here…): ordinary brackets ({@code [sic]}, {@code [1]},
 * {@code [attached]}, a link's text {@code [here](https://…)}, an HTML tag {@code <br>}) are not
 * placeholders. Where the lead record has the value, the fix fills it in.
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

    /** Brackets of any style around a few words; a placeholder only if {@link #templateWords} says so. */
    private static final Pattern BRACKETED = Pattern.compile(
            "\\[([^\\[\\]\\n]{1,60})\\](?!\\()"
            + "|<([^<>\\n=/\"']{1,60})>"
            + "|(?<!\\{)\\{([^{}\\n]{1,60})\\}(?!\\})"
            + "|(?<![A-Za-z0-9_])__([A-Za-z][A-Za-z0-9_ ]{0,40}?)__(?![A-Za-z0-9_])"
            + "|%([A-Za-z][A-Za-z0-9_]{1,40})%");

    /** Words templates name their slots with; a bracket holding only these (and a few small words) is a slot. */
    private static final Set<String> TEMPLATE_WORDS = Set.of(
            "name", "first", "last", "full", "surname", "fname", "lname", "given", "family",
            "company", "companyname", "organization", "organisation", "org", "account", "business", "employer",
            "title", "job", "role", "position", "department", "team",
            "city", "location", "country", "region", "state", "industry", "sector", "vertical",
            "product", "service", "solution", "feature", "benefit", "competitor", "metric", "result", "outcome", "pain", "point",
            "challenge", "goal", "topic", "value", "prop", "proposition", "case", "study", "stat", "statistic", "number",
            "date", "day", "time", "meeting", "calendar", "link", "url", "email", "phone", "website", "site",
            "sender", "rep", "signature", "recipient", "prospect", "lead", "contact", "customer", "client", "person",
            "insert", "placeholder", "here", "personalize", "personalise", "personalization", "custom", "tbd", "todo", "xx", "xxx",
            "recent", "news", "event", "post", "article", "mutual", "connection", "referral");

    /** Small words a slot's label may hold between template words ("name of the company", "your title"). */
    private static final Set<String> FILLER = Set.of("your", "their", "his", "her", "my", "our", "the", "a", "an", "of", "for",
            "to", "at", "in", "on", "and", "or", "s");

    /** Elements an HTML body may hold whose names are template words too: {@code <time>} is markup, not a slot. */
    private static final Set<String> HTML_ELEMENTS = Set.of("link", "time", "title", "address", "article", "data", "label",
            "header", "footer", "section", "main", "nav", "menu", "form", "option", "table", "small", "strong", "s");

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
            if (!input.scan(field).containsAny("{[<%_")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                add(findings, input, field, m.start(), m.end(), m.group());
            }
            Matcher b = BRACKETED.matcher(text);
            while (b.find()) {
                String inside = b.group(1) != null ? b.group(1) : b.group(2) != null ? b.group(2)
                        : b.group(3) != null ? b.group(3) : b.group(4) != null ? b.group(4) : b.group(5);
                if (templateWords(inside) && !(b.group(2) != null && HTML_ELEMENTS.contains(inside.strip().toLowerCase(Locale.ROOT)))) {
                    add(findings, input, field, b.start(), b.end(), b.group());
                }
            }
        }
        findings.sort(java.util.Comparator.comparingInt((Finding f) -> f.field().ordinal()).thenComparingInt(Finding::start));
        return findings;
    }

    private void add(List<Finding> findings, PolicyInput input, TextField field, int start, int end, String placeholder) {
        for (Finding f : findings) {
            if (f.field() == field && f.start() < end && start < f.end()) {
                return; // the same slot, found by both patterns
            }
        }
        List<Fix> fixes = fillFrom(input.draft().lead(), placeholder)
                .map(value -> List.of(Fix.replaceWith("Fill in \u201c" + value + "\u201d", value)))
                .orElse(List.of(Fix.advice("Replace " + placeholder + " with the real value")));
        findings.add(new Finding(ID, severity, field, start, end, "Unfilled placeholder " + placeholder, fixes));
    }

    /**
     * Whether a bracket's inside names a template slot: one to six words (split at spaces,
     * underscores, hyphens and camel case), at least one a template word and every other one a
     * template word or a small filler word.
     */
    static boolean templateWords(String inside) {
        String spaced = inside.strip().replaceAll("([a-z])([A-Z])", "$1 $2").replaceAll("[_\\-'\u2019.]+", " ")
                .toLowerCase(Locale.ROOT);
        if (spaced.isEmpty() || !spaced.matches("[a-z ]+")) {
            return false; // digits ([1]), symbols, other scripts: not a slot label
        }
        String[] words = spaced.trim().split(" +");
        if (words.length > 6) {
            return false;
        }
        boolean named = false;
        for (String w : words) {
            if (TEMPLATE_WORDS.contains(w)) {
                named = true;
            } else if (!FILLER.contains(w)) {
                return false;
            }
        }
        return named;
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
