package io.countersign.core.importing;

import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Draft;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.review.DraftEvents;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.QueuedDraft;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Brings drafts into the queue: evaluates each under the policy in force and stores it with its
 * "imported" and "evaluated" audit events. Importing the same file twice changes nothing.
 */
public final class ImportService {

    private final DraftStore store;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Supplier<io.countersign.core.policy.PolicyContext> context;

    public ImportService(DraftStore store, Supplier<Policy> policy, Clock clock) {
        this(store, policy, clock, () -> io.countersign.core.policy.PolicyContext.NONE);
    }

    public ImportService(DraftStore store, Supplier<Policy> policy, Clock clock,
                         Supplier<io.countersign.core.policy.PolicyContext> context) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.context = context;
    }

    public ImportReport importBytes(String source, byte[] bytes, DraftFileReader.Format format) {
        ParsedFile parsed = DraftFileReader.read(source, bytes, format);
        return store(parsed);
    }

    public ImportReport store(ParsedFile parsed) {
        Policy p = policy.get();
        var ctx = context.get();
        List<QueuedDraft> queued = new ArrayList<>(parsed.drafts().size());
        for (Draft d : parsed.drafts()) {
            queued.add(QueuedDraft.fresh(d, p.evaluate(new PolicyInput(d, d.subject(), d.content(), ctx)), clock.instant()));
        }
        List<String> present = store.insertNew(queued, q -> List.of(
                DraftEvents.imported(q, parsed.source()),
                DraftEvents.evaluated(q, Actor.SYSTEM)));
        return new ImportReport(parsed.source(), queued.size() - present.size(), present, parsed.problems());
    }
}
