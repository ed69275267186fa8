package io.countersign.ui.common;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.contact.DoNotContactService;
import io.countersign.core.events.ChangeFeed;
import io.countersign.core.importing.ImportService;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyActivation;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.PolicyReplay;
import io.countersign.core.review.ReviewService;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the screens need from the rest of Countersign: the same core services the CLI calls, no
 * adapters. {@code changes} is the workspace change feed; the console subscribes to it once.
 */
public record ConsoleServices(DraftStore drafts, ReviewService review, AuditLog audit, Supplier<Policy> policy,
                              String reviewer, String workspaceName, Clock clock, TaskExecutor tasks,
                              DialogService dialogs, PolicyActivation policies, Supplier<PolicyReplay> replay,
                              DoNotContactService doNotContact, ImportService importer, ChangeFeed changes,
                              io.countersign.core.integrity.AuditIntegrity integrity,
                              io.countersign.core.identity.IdentityService identities,
                              io.countersign.core.outbox.OutboxService outbox,
                              io.countersign.core.outbox.Sender sender,
                              io.countersign.core.identity.SignInService signIn,
                              io.countersign.core.integrity.ProjectionCheck projections,
                              io.countersign.core.review.ReviewerSigning signing) {

    /** The reviewer as the actor of the actions taken in this window. */
    public Actor actor() {
        return Actor.human(reviewer);
    }
}
