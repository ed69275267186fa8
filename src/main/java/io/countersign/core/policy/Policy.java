package io.countersign.core.policy;

import io.countersign.core.draft.Draft;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded policy: the rules in force, their modes, per-campaign/persona/template overrides, and
 * the version that identifies them. The version is the file's declared version plus the SHA-256 of
 * its bytes, so two different files never share one.
 */
public final class Policy {

    private static final Comparator<Finding> FINDING_ORDER = Comparator
            .comparing(Finding::field)
            .thenComparingInt(Finding::start)
            .thenComparingInt(Finding::end)
            .thenComparing(Finding::ruleId);

    private final String declaredVersion;
    private final String sha256;
    private final List<PolicyRule> rules;
    private final Map<String, RuleSetting> baseSettings;
    private final List<PolicyOverride> overrides;
    private List<String> wordListFiles = List.of();

    public Policy(String declaredVersion, String sha256, List<PolicyRule> rules) {
        this(declaredVersion, sha256, rules, Map.of(), List.of());
    }

    /**
     * @param baseSettings per rule id: the mode from the policy file (severity is built into the rule)
     * @param overrides    ordered by precedence, strongest first
     */
    public Policy(String declaredVersion, String sha256, List<PolicyRule> rules, Map<String, RuleSetting> baseSettings,
                  List<PolicyOverride> overrides) {
        this.declaredVersion = Objects.requireNonNull(declaredVersion);
        this.sha256 = Objects.requireNonNull(sha256);
        this.rules = List.copyOf(rules);
        this.baseSettings = Map.copyOf(baseSettings);
        this.overrides = overrides.stream()
                .sorted(Comparator.comparing(PolicyOverride::dimension)).toList();
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

    /** Whether a draft is a LinkedIn connection request under this policy (see {@code channel-limits}). */
    public boolean isConnectionRequest(io.countersign.core.draft.Draft draft) {
        for (PolicyRule r : rules) {
            java.util.Optional<Boolean> says = r.connectionRequest(draft);
            if (says.isPresent()) {
                return says.get();
            }
        }
        return draft.channel() == io.countersign.core.draft.Channel.LINKEDIN
                && "connection".equals(String.valueOf(draft.extra().get("linkedinType")));
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    public List<PolicyOverride> overrides() {
        return overrides;
    }

    /** Word-list files the policy reads, relative to the policy file (part of its hash). */
    public List<String> wordListFiles() {
        return wordListFiles;
    }

    public Policy withWordListFiles(List<String> files) {
        this.wordListFiles = List.copyOf(files);
        return this;
    }

    /** Evaluates drafting a message: the decision on the text as it stands. */
    public PolicyDecision evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        boolean plain = overrides.isEmpty() && baseSettings.isEmpty();
        for (PolicyRule rule : rules) {
            if (plain) {
                findings.addAll(capped(rule.evaluate(input)));
                continue;
            }
            RuleSetting s = settingFor(rule.id(), input.draft());
            if (!s.enabled().orElse(true)) {
                continue;
            }
            boolean observe = s.mode().orElse(RuleMode.ENFORCE) == RuleMode.OBSERVE;
            for (Finding f : capped(rule.evaluate(input))) {
                Finding adjusted = s.severity().map(f::withSeverity).orElse(f);
                findings.add(observe ? adjusted.asObserved() : adjusted);
            }
        }
        findings.sort(FINDING_ORDER);
        return PolicyDecision.fromFindings(findings, version());
    }

    /**
     * At most this many findings of one rule in one field of a draft are listed; the last listed
     * says how many more there were. A rule that matches nearly everything cannot flood the review
     * pane, the audit log or {@code policy check}'s output.
     */
    public static final int MAX_FINDINGS_PER_RULE_AND_FIELD = 50;

    private static List<Finding> capped(List<Finding> found) {
        if (found.size() <= MAX_FINDINGS_PER_RULE_AND_FIELD) {
            return found;
        }
        List<Finding> out = new ArrayList<>();
        for (TextField field : TextField.values()) {
            List<Finding> inField = found.stream().filter(f -> f.field() == field).toList();
            if (inField.size() <= MAX_FINDINGS_PER_RULE_AND_FIELD) {
                out.addAll(inField);
                continue;
            }
            out.addAll(inField.subList(0, MAX_FINDINGS_PER_RULE_AND_FIELD - 1));
            Finding last = inField.get(MAX_FINDINGS_PER_RULE_AND_FIELD - 1);
            out.add(new Finding(last.ruleId(), last.severity(), last.field(), last.start(), last.end(), last.message()
                    + " (and " + (inField.size() - MAX_FINDINGS_PER_RULE_AND_FIELD) + " more findings of this rule in the "
                    + field.wireName() + ", not listed)", last.fixes(), last.observed()));
        }
        return out;
    }

    /** The policy file's own setting for a rule, before any override. */
    public RuleSetting baseSetting(String ruleId) {
        return baseSettings.getOrDefault(ruleId, RuleSetting.INHERIT);
    }

    /**
     * The settings in force for one rule on one draft: the strongest matching override that names
     * the rule (campaign, then persona, then template) wins as a whole; its gaps come from the base.
     */
    public RuleSetting settingFor(String ruleId, Draft draft) {
        RuleSetting base = baseSettings.getOrDefault(ruleId, RuleSetting.INHERIT);
        for (PolicyOverride o : overrides) {
            RuleSetting r = o.rules().get(ruleId);
            if (r != null && o.matches(draft)) {
                return r.over(base);
            }
        }
        return base;
    }
}
