package io.countersign.core.policy.rules;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Channel;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A first-touch email whose subject pretends to be a reply or forward ("Re:", "Fwd:", "AW:"…). */
public final class FakeReplySubjectRule implements PolicyRule {

    public static final String ID = "fake-reply-subject";

    public static final RuleType TYPE = RuleType.of(ID, Set.of(), Severity.BLOCK, s -> new FakeReplySubjectRule(s.severity()));

    private static final Pattern PREFIX = Pattern.compile("(?i)^\\s*(?:re|fwd?|fw|aw|wg|tr|sv|vs|rv)\\s*(?:\\[\\d+])?\\s*:\\s*");

    private final Severity severity;

    public FakeReplySubjectRule(Severity severity) {
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        if (input.draft().channel() != Channel.EMAIL) {
            return List.of();
        }
        Matcher m = PREFIX.matcher(input.subject());
        if (!m.find()) {
            return List.of();
        }
        return List.of(new Finding(ID, severity, TextField.SUBJECT, m.start(), m.end(),
                "Subject fakes a reply or forward (\u201c" + input.subject().substring(m.start(), m.end()).strip() + "\u201d)",
                List.of(Fix.replaceWith("Remove \u201c" + input.subject().substring(m.start(), m.end()).strip() + "\u201d", ""))));
    }
}
