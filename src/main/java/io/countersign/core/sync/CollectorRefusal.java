package io.countersign.core.sync;

/**
 * The collector answered and refused. {@link #conflictIndex()} is set when it refused because what
 * the device sent differs from what it already holds (a rewritten or forked history: HTTP 409);
 * then the device keeps its log as it is and shows the alert — it never "repairs" itself.
 */
public final class CollectorRefusal extends RuntimeException {

    private final int status;
    private final Long conflictIndex;

    public CollectorRefusal(int status, Long conflictIndex, String message) {
        super(message);
        this.status = status;
        this.conflictIndex = conflictIndex;
    }

    public int status() {
        return status;
    }

    /** The first entry the collector holds differently, or null when the refusal is not a conflict. */
    public Long conflictIndex() {
        return conflictIndex;
    }

    public boolean conflict() {
        return status == 409;
    }
}
