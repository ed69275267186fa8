package io.countersign.ui.common;

import io.countersign.core.audit.AuditLog;
import io.countersign.core.policy.Policy;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.ReviewService;
import java.time.Clock;
import java.util.function.Supplier;

/** What the screens need from the rest of Countersign: core services only, no adapters. */
public record ConsoleServices(DraftStore drafts, ReviewService review, AuditLog audit, Supplier<Policy> policy,
                              String reviewer, String workspaceName, Clock clock, TaskExecutor tasks,
                              DialogService dialogs, PolicyAdmin policyAdmin, DoNotContactAdmin doNotContact,
                              DraftImporter importer) {
}
