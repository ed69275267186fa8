package io.countersign.core.policy;

import java.util.Objects;
import java.util.function.Supplier;

/** The policy in force, swapped atomically on activation; or none yet, with the reason the file could not be read. */
public final class PolicyHolder implements Supplier<Policy> {

    /** Asked for a policy while the workspace's policy file is invalid. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private volatile Policy current;
    private final String unavailable;

    public PolicyHolder(Policy initial) {
        this.current = Objects.requireNonNull(initial);
        this.unavailable = null;
    }

    private PolicyHolder(String reason) {
        this.unavailable = Objects.requireNonNull(reason);
    }

    /** No policy could be read: every {@link #get} fails with {@code reason} until one is {@link #set}. */
    public static PolicyHolder unavailable(String reason) {
        return new PolicyHolder(reason);
    }

    public boolean available() {
        return current != null;
    }

    @Override
    public Policy get() {
        Policy p = current;
        if (p == null) {
            throw new UnavailableException(unavailable);
        }
        return p;
    }

    public void set(Policy policy) {
        this.current = Objects.requireNonNull(policy);
    }
}
