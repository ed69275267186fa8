package io.countersign.core.outbox;

/** An outbox request that cannot be done; the message names the entry and why. */
public final class OutboxException extends RuntimeException {
    public OutboxException(String message) {
        super(message);
    }
}
