package io.countersign.core.draft;

import java.util.Objects;

/**
 * A factual claim the drafting agent says the message makes, with the evidence backing it.
 * {@code type} is "metric" for numbers; {@code evidenceUrl} may be null.
 */
public record Claim(String type, String value, String evidenceUrl) {
    public Claim {
        Objects.requireNonNull(type, "claims[].type");
        Objects.requireNonNull(value, "claims[].value");
    }

    public boolean hasEvidence() {
        return evidenceUrl != null && !evidenceUrl.isBlank();
    }
}
