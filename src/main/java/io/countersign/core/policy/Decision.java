package io.countersign.core.policy;

/** The outcome of evaluating an outbound action. Block beats require approval beats allow. */
public enum Decision {
    ALLOW("allow"),
    REQUIRE_APPROVAL("require_approval"),
    BLOCK("block");

    private final String wireName;

    Decision(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Decision fromWireName(String value) {
        for (Decision d : values()) {
            if (d.wireName.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decision: " + value);
    }

    public static Decision of(Severity severity) {
        return switch (severity) {
            case BLOCK -> BLOCK;
            case REQUIRE_APPROVAL -> REQUIRE_APPROVAL;
            case WARN -> ALLOW;
        };
    }

    public Decision strongest(Decision other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
