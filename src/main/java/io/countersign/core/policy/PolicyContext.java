package io.countersign.core.policy;

import io.countersign.core.contact.ContactHistory;
import io.countersign.core.contact.SuppressionList;
import java.time.Clock;

/** What rules may consult beyond the draft itself: the do-not-contact list and earlier contacts. */
public record PolicyContext(SuppressionList suppressions, ContactHistory history, Clock clock) {

    /** No workspace data: do-not-contact checks find nothing (e.g. `policy check` without a database). */
    public static final PolicyContext NONE = new PolicyContext(SuppressionList.NONE, ContactHistory.NONE, Clock.systemUTC());
}
