package io.countersign.core.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A kind of rule a policy file can switch on under {@code rules:}: its id, the settings it takes
 * besides {@code enabled}, {@code severity} and {@code mode}, its default severity, and how it is
 * built from those settings. Each rule class declares its own; {@link PolicyLoader} only collects
 * them, so a new rule is one class and one line in the registry, never a change to the loader.
 */
public interface RuleType {

    String id();

    /** The settings keys this rule takes besides the common ones; any other key is an error. */
    Set<String> keys();

    Severity defaultSeverity();

    /** Builds the rule; settings errors name the file, line and path. */
    PolicyRule create(RuleSettings settings) throws PolicyException;

    /** How a rule type builds its rule. */
    @FunctionalInterface
    interface Factory {
        PolicyRule create(RuleSettings settings) throws PolicyException;
    }

    static RuleType of(String id, Set<String> keys, Severity defaultSeverity, Factory factory) {
        Objects.requireNonNull(id);
        Set<String> k = Set.copyOf(keys);
        return new RuleType() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Set<String> keys() {
                return k;
            }

            @Override
            public Severity defaultSeverity() {
                return defaultSeverity;
            }

            @Override
            public PolicyRule create(RuleSettings settings) throws PolicyException {
                return factory.create(settings);
            }

            @Override
            public String toString() {
                return "rule type " + id;
            }
        };
    }
}
