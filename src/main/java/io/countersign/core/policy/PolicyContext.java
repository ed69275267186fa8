package io.countersign.core.policy;

import io.countersign.core.contact.ContactHistory;
import io.countersign.core.contact.SuppressionList;
import java.time.Clock;

/** What rules may consult beyond the draft itself: the do-not-contact list and earlier contacts. */
public record PolicyContext(SuppressionList suppressions, ContactHistory history, Clock clock,
                            io.countersign.core.identity.IdentityDirectory identities) {

    public PolicyContext(SuppressionList suppressions, ContactHistory history, Clock clock) {
        this(suppressions, history, clock, io.countersign.core.identity.IdentityDirectory.NONE);
    }

    /** This context with the contact history of these leads read at once (see {@link ContactHistory#snapshotFor}). */
    public PolicyContext forLeads(java.util.Collection<io.countersign.core.draft.Lead> leads) {
        ContactHistory snapshot = history.snapshotFor(leads);
        return snapshot == history ? this : new PolicyContext(suppressions, snapshot, clock, identities);
    }

    /** No workspace data: do-not-contact checks find nothing (e.g. `policy check` without a database). */
    public static final PolicyContext NONE = new PolicyContext(SuppressionList.NONE, ContactHistory.NONE, Clock.systemUTC());
}
