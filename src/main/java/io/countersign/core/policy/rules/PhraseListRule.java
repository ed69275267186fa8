package io.countersign.core.policy.rules;

import io.countersign.core.text.PhraseMatcher;
import io.countersign.core.text.PhraseIndex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.countersign.core.draft.Channel;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.text.NormalizedText;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Flags phrases and patterns from a list in the policy file (banned claims, unverifiable
 * superlatives, pressure tactics, spam triggers…). Phrases match whole words, case-insensitively;
 * patterns are regular expressions run by RE2/J, which takes linear time whatever the pattern, so a
 * policy author cannot hang the app. Both run on the normalized text, so homoglyphs, zero-width
 * characters and spaced-out letters do not hide a match; spans point at the original characters.
 */
public final class PhraseListRule implements PolicyRule {

    private final String id;
    private final Severity severity;
    private final String message;
    private final PhraseMatcher matcher;
    private final List<Pattern> patterns;
    private final List<String> requiredLiterals;
    private final Set<Channel> channels;
    private final List<String> normalizedPhrases;
    private volatile Shared shared;

    /** A policy-wide index this list takes its matches from, and its position in it. */
    private record Shared(PhraseIndex index, int slot) {
    }

    public PhraseListRule(String id, Severity severity, String message, List<String> phrases) {
        this(id, severity, message, phrases, List.of(), Set.of());
    }

    /**
     * @param patterns compiled RE2/J patterns (case-insensitive, on normalized text)
     * @param channels channels the list applies to; empty means all
     */
    public PhraseListRule(String id, Severity severity, String message, List<String> phrases, List<Pattern> patterns,
                          Set<Channel> channels) {
        this.id = Objects.requireNonNull(id);
        this.severity = Objects.requireNonNull(severity);
        this.message = message == null || message.isBlank() ? "Phrase not allowed by policy" : message;
        this.normalizedPhrases = phrases.stream().map(p -> NormalizedText.of(p).text()).toList();
        this.matcher = PhraseMatcher.of(normalizedPhrases);
        this.patterns = List.copyOf(patterns);
        this.requiredLiterals = patterns.stream().map(p -> RequiredLiteral.of(p.pattern())).toList();
        this.channels = Set.copyOf(channels);
    }

    @Override
    public String id() {
        return id;
    }

    public List<String> normalizedPhrases() {
        return normalizedPhrases;
    }

    /** Lets this list take its matches from a policy-wide index walked once per message. */
    public void shareIndex(PhraseIndex index, int slot) {
        this.shared = new Shared(index, slot);
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        if (!channels.isEmpty() && !channels.contains(input.draft().channel())) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (TextField field : TextField.values()) {
            NormalizedText nt = input.normalized(field);
            if (nt.text().isEmpty()) {
                continue;
            }
            int firstOfField = findings.size();
            int[] unlisted = {0};
            String original = input.text(field);
            Shared s = shared;
            List<PhraseMatcher.Match> matches = s == null ? matcher.findIn(input.tokens(field))
                    : input.shared(s.index(), field, () -> s.index().find(input.tokens(field))).get(s.slot());
            for (PhraseMatcher.Match m : matches) {
                add(findings, firstOfField, unlisted, field, original, nt.originalStart(m.start()), nt.originalEnd(m.end()));
            }
            for (int k = 0; k < patterns.size(); k++) {
                String literal = requiredLiterals.get(k);
                if (!literal.isEmpty() && !nt.text().contains(literal)) {
                    continue; // the pattern cannot match without this text; skip the regex engine
                }
                Matcher pm = patterns.get(k).matcher(nt.text());
                while (pm.find()) {
                    if (pm.end() > pm.start()) {
                        add(findings, firstOfField, unlisted, field, original, nt.originalStart(pm.start()), nt.originalEnd(pm.end()));
                    }
                }
            }
            if (unlisted[0] > 0) {
                Finding last = findings.get(findings.size() - 1);
                findings.set(findings.size() - 1, new Finding(last.ruleId(), last.severity(), last.field(), last.start(),
                        last.end(), last.message() + " (and " + unlisted[0] + " more matches of this list in the "
                        + field.wireName() + ", not listed)", last.fixes(), last.observed()));
            }
        }
        return findings;
    }

    /**
     * At most this many findings of one list in one field ({@link io.countersign.core.policy.Policy#MAX_FINDINGS_PER_RULE_AND_FIELD}),
     * counted here rather than cut afterwards: a pattern that matches nearly anything ({@code .})
     * once produced 60,001 findings, 7 MB of output and 9.8 s for one draft (each new finding was
     * compared with every earlier one).
     */
    static final int MAX_LISTED = io.countersign.core.policy.Policy.MAX_FINDINGS_PER_RULE_AND_FIELD;

    private void add(List<Finding> findings, int firstOfField, int[] unlisted, TextField field, String original,
                     int start, int end) {
        if (findings.size() - firstOfField >= MAX_LISTED) {
            unlisted[0]++;
            return;
        }
        for (int i = firstOfField; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.field() == field && f.start() <= start && f.end() >= end) {
                return; // already covered by a phrase or an earlier pattern
            }
        }
        String quoted = original.substring(start, end);
        findings.add(new Finding(id, severity, field, start, end, message + ": \u201c" + quoted + "\u201d",
                List.of(Fix.replaceWith("Remove \u201c" + quoted + "\u201d", ""))));
    }

    /**
     * Lets every phrase list of a policy walk each message's tokens once, together, instead of once
     * per list. The loader calls it on the rules before it builds the policy.
     */
    public static void shareOneIndex(List<io.countersign.core.policy.PolicyRule> rules) {
        List<PhraseListRule> lists = rules.stream().filter(r -> r instanceof PhraseListRule).map(r -> (PhraseListRule) r).toList();
        if (lists.size() < 2) {
            return;
        }
        var index = new io.countersign.core.text.PhraseIndex(lists.stream().map(PhraseListRule::normalizedPhrases).toList());
        for (int i = 0; i < lists.size(); i++) {
            lists.get(i).shareIndex(index, i);
        }
    }
}
