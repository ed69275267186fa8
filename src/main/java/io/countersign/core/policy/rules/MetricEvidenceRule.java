package io.countersign.core.policy.rules;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Claim;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A number-bearing claim in the text ("3x pipeline", "40% more replies", "$2M saved") needs a claim
 * entry with the same value and an https evidence URL. Without one the draft is flagged, so nobody
 * approves a result the company cannot prove.
 */
public final class MetricEvidenceRule implements PolicyRule {

    public static final String ID = "metric-evidence";

    /** {@code evidence-domains}: hosts a claim's evidence URL may point to (empty: any https host). */
    public static final RuleType TYPE = RuleType.of(ID, Set.of("evidence-domains"), Severity.BLOCK,
            s -> new MetricEvidenceRule(s.severity(), s.strings("evidence-domains")));

    private final Severity severity;
    private final java.util.Set<String> evidenceDomains;
    // Re-checks of one draft (typing, approval) see the same claims: parse them once.
    private volatile CheckedClaims last;

    private record CheckedClaims(List<Claim> claims, List<CheckedClaim> checked) {
    }

    public MetricEvidenceRule(Severity severity) {
        this(severity, List.of());
    }

    /** @param evidenceDomains domains evidence may live on (subdomains included); empty allows any https host */
    public MetricEvidenceRule(Severity severity, List<String> evidenceDomains) {
        this.severity = severity;
        this.evidenceDomains = java.util.Set.copyOf(evidenceDomains.stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList());
    }

    @Override
    public String id() {
        return ID;
    }

    /** A claim as the rule needs it: its metric keys and whether its evidence is acceptable. */
    private record CheckedClaim(List<String> keys, boolean hasEvidence, boolean https, boolean allowed) {
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        List<CheckedClaim> claims = null;
        for (TextField field : TextField.values()) {
            for (MetricExtractor.Metric metric : MetricExtractor.find(input.text(field), input.scan(field))) {
                if (claims == null) {
                    claims = check(input.draft().claims());
                }
                problemWith(metric, claims).ifPresent(problem -> findings.add(
                        new Finding(ID, severity, field, metric.start(), metric.end(), problem,
                                List.of(Fix.advice("Add a claim for \u201c" + metric.text()
                                        + "\u201d with an https evidence URL, or remove the figure")))));
            }
        }
        return findings;
    }

    private List<CheckedClaim> check(List<Claim> claims) {
        CheckedClaims cached = last;
        if (cached != null && cached.claims().equals(claims)) {
            return cached.checked();
        }
        List<CheckedClaim> checked = parse(claims);
        last = new CheckedClaims(claims, checked);
        return checked;
    }

    private List<CheckedClaim> parse(List<Claim> claims) {
        List<CheckedClaim> out = new ArrayList<>(claims.size());
        for (Claim c : claims) {
            List<String> keys = new ArrayList<>(2); // a claim holds one or two figures
            for (MetricExtractor.Metric m : MetricExtractor.find(c.value())) {
                keys.add(m.key());
            }
            String url = c.evidenceUrl() == null ? "" : c.evidenceUrl().trim();
            String host = Urls.host(url);
            boolean https = isHttps(url, host);
            out.add(new CheckedClaim(keys, c.hasEvidence(), https, https && onAllowedDomain(host)));
        }
        return out;
    }

    private Optional<String> problemWith(MetricExtractor.Metric metric, List<CheckedClaim> claims) {
        boolean matched = false;
        boolean https = false;
        boolean evidence = false;
        for (CheckedClaim c : claims) {
            if (c.keys().contains(metric.key())) {
                if (c.allowed()) {
                    return Optional.empty();
                }
                matched = true;
                https |= c.https();
                evidence |= c.hasEvidence();
            }
        }
        if (!matched) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no matching claim with evidence");
        }
        if (https) {
            return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not on an allowlisted domain");
        }
        if (!evidence) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no evidence URL");
        }
        return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not an https URL");
    }

    private boolean onAllowedDomain(String host) {
        if (evidenceDomains.isEmpty()) {
            return true;
        }
        for (String domain : evidenceDomains) {
            if (Urls.within(host, domain)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHttps(String url, String host) {
        return "https".equals(Urls.scheme(url)) && !host.isBlank() && host.indexOf(' ') < 0 && !host.startsWith(".");
    }
}
