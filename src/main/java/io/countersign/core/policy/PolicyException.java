package io.countersign.core.policy;

/** A policy file that cannot be used; the message names the place (file, line, column) and the problem. */
public class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
