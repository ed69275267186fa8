package io.countersign.core.store;

/**
 * A unit of work committed, but could not then be confirmed on disk (the sync or the audit head
 * failed): what it did is in the database and may or may not survive a crash. Carries the unit's
 * result, so a caller that acts on it next (a sender about to call a transport) can undo what it
 * must not act on unconfirmed.
 */
public final class NotDurableException extends RuntimeException {

    private final transient Object result;

    public NotDurableException(Object result, RuntimeException cause) {
        super("the change was committed but could not be confirmed on disk: " + cause.getMessage(), cause);
        this.result = result;
    }

    public Object result() {
        return result;
    }
}
