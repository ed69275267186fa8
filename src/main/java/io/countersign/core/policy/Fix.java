package io.countersign.core.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A suggested fix for a finding. With a replacement, the console can apply it with one key:
 * the finding's span is replaced by {@code replacement}. Without one it is advice for the reviewer.
 */
public record Fix(String label, String replacement) {
    public Fix {
        Objects.requireNonNull(label, "label");
    }

    public static Fix advice(String label) {
        return new Fix(label, null);
    }

    public static Fix replaceWith(String label, String replacement) {
        return new Fix(label, Objects.requireNonNull(replacement, "replacement"));
    }

    public Optional<String> replacementText() {
        return Optional.ofNullable(replacement);
    }
}
