package io.countersign.core.identity;

/** An identity that cannot be added or changed, with the reason (naming the option or field). */
public class IdentityException extends Exception {
    public IdentityException(String message) {
        super(message);
    }
}
