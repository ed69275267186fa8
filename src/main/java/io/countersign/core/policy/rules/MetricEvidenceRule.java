package io.countersign.core.policy.rules;

import io.countersign.core.draft.Claim;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.net.URI;
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

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        for (TextField field : TextField.values()) {
            for (MetricExtractor.Metric metric : MetricExtractor.find(input.text(field))) {
                problemWith(metric, input.draft().claims()).ifPresent(problem -> findings.add(
                        new Finding(ID, severity, field, metric.start(), metric.end(), problem,
                                List.of(Fix.advice("Add a claim for \u201c" + metric.text()
                                        + "\u201d with an https evidence URL, or remove the figure")))));
            }
        }
        return findings;
    }

    private Optional<String> problemWith(MetricExtractor.Metric metric, List<Claim> claims) {
        List<Claim> matching = claims.stream().filter(c -> claimCovers(c, metric.key())).toList();
        if (matching.isEmpty()) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no matching claim with evidence");
        }
        if (matching.stream().anyMatch(c -> isHttpsUrl(c.evidenceUrl()) && onAllowedDomain(c.evidenceUrl()))) {
            return Optional.empty();
        }
        if (matching.stream().anyMatch(c -> isHttpsUrl(c.evidenceUrl()))) {
            return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not on an allowlisted domain");
        }
        if (matching.stream().noneMatch(Claim::hasEvidence)) {
            return Optional.of("Numeric claim \u201c" + metric.text() + "\u201d has no evidence URL");
        }
        return Optional.of("Evidence for \u201c" + metric.text() + "\u201d is not an https URL");
    }

    private static boolean claimCovers(Claim claim, String metricKey) {
        return MetricExtractor.find(claim.value()).stream().anyMatch(m -> m.key().equals(metricKey));
    }

    private boolean onAllowedDomain(String url) {
        if (evidenceDomains.isEmpty()) {
            return true;
        }
        String host = URI.create(url.trim()).getHost().toLowerCase(Locale.ROOT);
        return evidenceDomains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
    }

    static boolean isHttpsUrl(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(url.trim());
            return "https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (Exception e) {
            return false;
        }
    }
}
