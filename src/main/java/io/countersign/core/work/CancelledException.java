package io.countersign.core.work;

/** Work stopped because its {@link Progress} was cancelled; what was confirmed before stays. */
public final class CancelledException extends RuntimeException {
    public CancelledException(String message) {
        super(message);
    }
}
