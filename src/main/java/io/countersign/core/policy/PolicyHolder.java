package io.countersign.core.policy;

import java.util.Objects;
import java.util.function.Supplier;

/** The policy in force. Swapped atomically when a new, validated policy is activated. */
public final class PolicyHolder implements Supplier<Policy> {

    private volatile Policy current;

    public PolicyHolder(Policy initial) {
        this.current = Objects.requireNonNull(initial);
    }

    @Override
    public Policy get() {
        return current;
    }

    public void set(Policy policy) {
        this.current = Objects.requireNonNull(policy);
    }
}
