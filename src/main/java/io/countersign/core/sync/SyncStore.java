package io.countersign.core.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * What the device keeps about its witness: where it is enrolled (with the collector key pinned
 * then), every cosigned checkpoint the collector returned (append-only, checked by
 * {@code audit verify}), and how the last attempt went.
 */
public interface SyncStore {

    record Enrollment(String endpoint, String name, String collectorKey, Instant enrolledAt) {
    }

    /** A checkpoint of this device's log cosigned by the collector at {@code cosignedAt} (its clock). */
    record Witnessed(long size, byte[] root, String note, Instant cosignedAt, Instant receivedAt) {
    }

    /**
     * The last attempt: when, what failed (null: it worked), and the first conflicting entry when
     * the collector refused what it was sent as different from what it holds.
     */
    record Attempt(Instant at, String error, Long conflictIndex, Instant lastSuccess) {
        public boolean failed() {
            return error != null;
        }

        public boolean conflict() {
            return conflictIndex != null;
        }
    }

    Optional<Enrollment> enrollment();

    /** Records the enrolment, with an audit event naming the endpoint and the pinned collector key. */
    void enroll(Enrollment enrollment, io.countersign.core.audit.Actor actor);

    void witnessed(Witnessed witnessed);

    Optional<Witnessed> latestWitnessed();

    void attempted(Instant at, String error, Long conflictIndex);

    Optional<Attempt> lastAttempt();
}
