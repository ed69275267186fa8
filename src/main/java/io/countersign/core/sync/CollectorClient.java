package io.countersign.core.sync;

import io.countersign.core.audit.note.NoteKey;
import java.io.IOException;
import java.util.List;

/**
 * The collector as the device sees it: enroll once, ask how much of this device's log it holds,
 * append entries with the checkpoint that covers them and get the witness cosignature back.
 * Every request after enrolment is signed with the device's log key ({@link RequestSignature}).
 * Transport failures are {@link IOException}s (the device stays offline and retries); a collector
 * that answers but refuses throws {@link CollectorRefusal}.
 */
public interface CollectorClient {

    /** The media type of an append body as lines: a JSON header line, then each entry byte for byte as hashed. */
    String LINES_TYPE = "application/x-countersign-lines";

    /** The collector's answer to an enrolment: the name it knows this device by and its own witness key. */
    record Enrolled(String name, String origin, String collectorKey) {
    }

    /** How much of this device's log the collector holds, and its newest cosigned checkpoint (null while it holds nothing). */
    record Held(long size, String cosignedNote) {
    }

    /** The witness key the collector presents (unauthenticated; compared with the pinned one before enrolling). */
    String collectorKey() throws IOException;

    Enrolled enroll(String token, String deviceVkey) throws IOException;

    Held held() throws IOException;

    /**
     * Appends {@code lines} as entries {@code start, start+1, …}; {@code checkpointNote} is the
     * device's signed checkpoint of the log up to the last of them.
     */
    Held append(long start, List<String> lines, String checkpointNote) throws IOException;

    /** Makes a client for one collector endpoint, signing with the device's log key. */
    interface Factory {
        CollectorClient connect(String endpoint, NoteKey deviceKey);
    }
}
