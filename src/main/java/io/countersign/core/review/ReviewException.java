package io.countersign.core.review;

/** A review action that policy or state does not allow; the message is meant for the reviewer. */
public class ReviewException extends RuntimeException {
    public ReviewException(String message) {
        super(message);
    }
}
