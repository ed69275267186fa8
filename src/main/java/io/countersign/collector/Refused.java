package io.countersign.collector;

/** A request the collector refuses, with the HTTP status it answers and what the client needs to act. */
final class Refused extends RuntimeException {

    final int status;
    /** The first conflicting entry (409), or null. */
    final Long index;
    /** How many entries the collector holds for the device, when that tells the client where to resume; or null. */
    final Long size;

    Refused(int status, String message) {
        this(status, message, null, null);
    }

    Refused(int status, String message, Long index, Long size) {
        super(message);
        this.status = status;
        this.index = index;
        this.size = size;
    }
}
