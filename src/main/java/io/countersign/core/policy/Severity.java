package io.countersign.core.policy;

import java.util.Locale;
import java.util.Optional;

/** How much a finding weighs. Ordered from strongest to weakest. */
public enum Severity {
    /** The draft cannot be approved while this finding remains. */
    BLOCK("block"),
    /** The approver must acknowledge this finding explicitly. */
    REQUIRE_APPROVAL("require_approval"),
    /** Shown to the reviewer; does not change the decision. */
    WARN("warn");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Severity> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Severity s : values()) {
            if (s.wireName.equals(normalized)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
