package io.countersign.core.policy.rules;

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
    private record CheckedClaim(java.util.Set<String> keys, boolean hasEvidence, boolean https, boolean allowed) {
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        List<CheckedClaim> claims = null;
        for (TextField field : TextField.values()) {
            for (MetricExtractor.Metric metric : MetricExtractor.find(input.text(field))) {
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
            java.util.Set<String> keys = new java.util.HashSet<>();
            MetricExtractor.find(c.value()).forEach(m -> keys.add(m.key()));
            boolean https = isHttpsUrl(c.evidenceUrl());
            out.add(new CheckedClaim(keys, c.hasEvidence(), https, https && onAllowedDomain(c.evidenceUrl())));
        }
        return out;
    }

    private Optional<String> problemWith(MetricExtractor.Metric metric, List<CheckedClaim> claims) {
        List<CheckedClaim> matching = claims.stream().filter(c -> c.keys().contains(metric.key())).toList();
        if (matching.isEmpty()) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no matching claim with evidence");
        }
        if (matching.stream().anyMatch(CheckedClaim::allowed)) {
            return Optional.empty();
        }
        if (matching.stream().anyMatch(CheckedClaim::https)) {
            return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not on an allowlisted domain");
        }
        if (matching.stream().noneMatch(CheckedClaim::hasEvidence)) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no evidence URL");
        }
        return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not an https URL");
    }

    private boolean onAllowedDomain(String url) {
        if (evidenceDomains.isEmpty()) {
            return true;
        }
        String host = Urls.host(url.trim());
        return evidenceDomains.stream().anyMatch(d -> Urls.within(host, d));
    }

    static boolean isHttpsUrl(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        String u = url.trim();
        String host = Urls.host(u);
        return "https".equals(Urls.scheme(u)) && !host.isBlank() && host.indexOf(' ') < 0 && !host.startsWith(".");
    }
}
