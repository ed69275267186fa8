package io.countersign.adapters.persistence;

/** The workspace cannot be opened; the message says why and what to do. */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
