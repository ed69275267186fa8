package io.countersign.core.outbox;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message is on its way out. SCHEDULED waits for its time (the undo window, the identity's
 * window, limits and gap, a retry's backoff); SENDING is committed before the transport is called;
 * UNKNOWN means the process stopped while sending, so only a human can say whether it went out.
 */
public enum OutboxState {
    SCHEDULED, SENDING, SENT, FAILED, CANCELLED, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OutboxState> fromWireName(String s) {
        for (OutboxState v : values()) {
            if (v.wireName().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public boolean finished() {
        return this == SENT || this == CANCELLED;
    }
}
