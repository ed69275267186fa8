package io.countersign.ui.main;

import io.countersign.core.review.QueuedDraft;
import java.util.List;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Ties the screens together: the queue selection drives the review pane, and every stored
 * decision flows back into the queue, the counts and the audit log.
 */
public final class MainViewModel {

    /** Ctrl+I: a drafts file to import. */
    public static final io.countersign.ui.common.FileChoice DRAFTS_FILE = new io.countersign.ui.common.FileChoice("drafts",
            "Import drafts (JSONL or CSV)", "Drafts", List.of("*.jsonl", "*.json", "*.csv"));
    /** Try policy: a candidate policy file. */
    public static final io.countersign.ui.common.FileChoice POLICY_FILE = new io.countersign.ui.common.FileChoice("policy",
            "Try a policy file", "Policy (YAML)", List.of("*.yaml", "*.yml"));

    private final ConsoleServices services;
    private final QueueViewModel queue;
    private final ReviewViewModel review;
    private final AuditViewModel audit;
    private final io.countersign.ui.settings.SettingsViewModel settings;
    private final io.countersign.ui.outbox.OutboxViewModel outbox;
    /** The draft approved last in this window, for undo (u / Ctrl+Z). */
    private String lastApproved;
    private final io.countersign.ui.queue.BulkReview bulk;
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final javafx.beans.property.StringProperty policyText;
    private final StatusViewModel status;
    private final javafx.beans.property.StringProperty policyVersion = new javafx.beans.property.SimpleStringProperty();

    public MainViewModel(ConsoleServices services, QueueViewModel queue, ReviewViewModel review, AuditViewModel audit,
                         io.countersign.ui.settings.SettingsViewModel settings,
                         io.countersign.ui.outbox.OutboxViewModel outbox) {
        this.outbox = outbox;
        this.services = services;
        this.queue = queue;
        this.review = review;
        this.audit = audit;
        this.settings = settings;
        this.bulk = new io.countersign.ui.queue.BulkReview(services, review::recentReasons, review::rememberReason);
        // A do-not-contact entry added in Settings re-checked pending drafts: show the new decisions.
        settings.onDraftsRechecked(summary -> review.lastAction().set(summary));
        queue.selected().addListener((o, a, b) -> {
            if (b == null || review.draft().get() == null || !review.draft().get().equals(b)) {
                review.show(b, this::changed);
            }
        });
        // The one bridge from the workspace change feed to the screens: whatever wrote (this window's
        // worker, a re-check, the policy watcher), the screens show what the store now holds.
        services.changes().subscribe(batch -> services.tasks().onUiThread(() -> apply(batch)));
        status = new StatusViewModel(queue, review.lastAction());
        status.sending().bind(outbox.paused().map(p -> p ? "sending paused" : ""));
        outbox.load();
        policyText = status.policy();
        refreshPolicy();
        // Fail closed: a finding from the check at open, or from Verify, shows as a banner until acknowledged.
        auditFinding.set(services.integrity().finding().map(f -> f.text()).orElse(""));
        services.integrity().onChange(f -> services.tasks().onUiThread(() -> auditFinding.set(f.map(x -> x.text()).orElse(""))));
        bulk.progress().addListener((o, x, p) -> status.taskProgressed(Math.round(p.doubleValue() * 1000), 1000, bulk.status().get()));
    }

    private void apply(java.util.List<io.countersign.core.events.Change> batch) {
        java.util.Set<String> changedIds = new java.util.LinkedHashSet<>();
        boolean reload = false;
        for (io.countersign.core.events.Change c : batch) {
            if (c instanceof io.countersign.core.events.Change.DraftsChanged d) {
                if (d.cause() == io.countersign.core.events.Change.DraftCause.IMPORTED) {
                    reload = true;
                } else {
                    changedIds.addAll(d.ids());
                }
            } else if (c instanceof io.countersign.core.events.Change.PolicyActivated) {
                refreshPolicy();
                settings.refreshPolicy();
            } else if (c instanceof io.countersign.core.events.Change.DoNotContactChanged) {
                settings.loadEntries();
            } else if (c instanceof io.countersign.core.events.Change.OutboxChanged) {
                outbox.load();
            } else if (c instanceof io.countersign.core.events.Change.AuditAppended a) {
                audit.appended(a.nextSeq());
            }
        }
        if (reload || changedIds.size() > 2_000) {
            queue.reloadSoon();
        } else if (!changedIds.isEmpty()) {
            java.util.List<String> ids = java.util.List.copyOf(changedIds);
            services.tasks().submit(() -> services.drafts().findAll(ids), list -> {
                for (QueuedDraft q : list) {
                    queue.replace(q);
                    review.storedStateChanged(q);
                }
            }, e -> review.lastAction().set("Cannot refresh the queue: " + e.getMessage()));
        }
    }

    /**
     * Loads the queue. The audit log is read when its tab is first shown (reading 20,000 entries
     * before the first draft opens made a large workspace wait seconds for its first draft).
     */
    public void start(Runnable whenLoaded) {
        queue.load(whenLoaded);
    }

    /** A draft changed in the store: update the queue (which may move the selection on) and the log view. */
    public void changed(QueuedDraft updated) {
        queue.replace(updated);
        if (updated.status() == io.countersign.core.draft.ReviewStatus.APPROVED) {
            lastApproved = updated.id();
        }
    }

    /**
     * u / Ctrl+Z: withdraws the last approval made in this window while its message has not left;
     * the draft is pending again (audited as send.cancelled) and the reviewer is told either way.
     */
    public void undoLast() {
        String id = lastApproved;
        if (id == null) {
            review.lastAction().set("Nothing to undo: no approval made in this window yet.");
            return;
        }
        services.tasks().submit(() -> services.outbox().undoApproval(id, services.actor()), e -> {
            lastApproved = null;
            review.lastAction().set("Undone: the approval of " + id + " is withdrawn; nothing was sent to " + e.recipient());
        }, e -> review.lastAction().set("Cannot undo " + id + ": " + e.getMessage()));
    }

    public io.countersign.ui.outbox.OutboxViewModel outbox() {
        return outbox;
    }

    /** Ctrl+I: imports a drafts file off the UI thread, then shows the new queue and what was rejected. */
    public void importDrafts() {
        if (busy()) {
            return;
        }
        services.dialogs().chooseFile(DRAFTS_FILE).ifPresent(file -> {
            io.countersign.ui.common.BackgroundTask<io.countersign.core.importing.ImportReport> task =
                    io.countersign.ui.common.BackgroundTask.of("Importing " + file.getFileName(),
                            progress -> services.importer().importFile(file, null, progress));
            status.taskStarted("Importing " + file.getFileName() + "\u2026", task::cancel);
            services.tasks().execute(task
                    .onProgress((done, total, message) -> status.taskProgressed(done, total,
                            "Importing " + file.getFileName() + ": " + message))
                    .onSuccess(report -> {
                        status.taskEnded();
                        review.lastAction().set(report.summary());
                        if (report.empty()) {
                            services.dialogs().showInfo("No drafts in " + file.getFileName(), report.summary() + ".");
                        } else if (!report.problems().isEmpty()) {
                            services.dialogs().showInfo("Some drafts were rejected", report.summary() + ".\n\n"
                                    + io.countersign.ui.common.ProblemList.firstLines(report.problems()));
                        }
                    })
                    .onFailure(e -> {
                        status.taskEnded();
                        if (e instanceof io.countersign.core.work.CancelledException) {
                            review.lastAction().set(e.getMessage());
                        } else {
                            services.dialogs().showError("Cannot import " + file.getFileName(), String.valueOf(e.getMessage()));
                        }
                    }));
        });
    }


    /** Ctrl+Shift+A: approves the picked drafts (one confirmation naming the count). */
    public void approveSelection() {
        if (busy()) {
            return;
        }
        List<String> ids = queue.markedIds();
        status.taskStarted("Approving the selection\u2026", bulk::cancel);
        services.tasks().submit(() -> queue.readWhole(ids), picked -> bulk.approve(picked, this::decidedInBulk, this::bulkFinished),
                e -> bulkFinished("Cannot read the selection: " + e.getMessage()));
    }

    /** One long task at a time in the status bar: a second one waits, and the reviewer is told. */
    private boolean busy() {
        if (status.taskRunning().get()) {
            review.lastAction().set(status.taskTitle().get() + " is still running: wait for it or cancel it first.");
            return true;
        }
        return false;
    }

    /** r with drafts picked: one reason for all of them. */
    public void rejectSelection() {
        if (busy()) {
            return;
        }
        List<String> ids = queue.markedIds();
        status.taskStarted("Rejecting the selection\u2026", bulk::cancel);
        services.tasks().submit(() -> queue.readWhole(ids), picked -> bulk.reject(picked, this::decidedInBulk, this::bulkFinished),
                e -> bulkFinished("Cannot read the selection: " + e.getMessage()));
    }

    private void decidedInBulk(QueuedDraft q) {
        queue.unmark(q.id());
        queue.replace(q);
    }

    private void bulkFinished(String summary) {
        status.taskEnded();
        review.lastAction().set(summary);
    }

    public io.countersign.ui.queue.BulkReview bulk() {
        return bulk;
    }

    /** "3 selected", or empty when nothing is picked. */
    public javafx.beans.binding.StringBinding selectionText() {
        return status.selection();
    }

    /** The status bar's state. */
    public StatusViewModel status() {
        return status;
    }

    public void skip() {
        int before = queue.selectedIndex().get();
        queue.next();
        if (queue.selectedIndex().get() == before) {
            review.message().set("End of the queue.");
        }
    }

    public StringBinding counts() {
        return status.counts();
    }

    private void refreshPolicy() {
        policyText.set("policy " + services.policy().get().shortVersion());
        policyVersion.set(services.policy().get().version());
    }

    /** A new policy is in force (file saved, or activated here): show it and reload the re-evaluated queue. */
    public void policyActivated(String summary) {
        // The change feed has already shown the new policy (header, Settings); this says what it did.
        review.lastAction().set(summary);
    }

    /** The policy file was saved but is invalid; the policy in force stays. */
    public void policyRejected(String error) {
        review.lastAction().set("Policy file not activated (the policy in force stays): " + error);
        services.dialogs().showError("Policy file not activated", error + "\n\nThe policy in force stays in force.");
    }

    /** Settings → Try policy: pick a file, see which decisions would change, then activate or keep. */
    public void tryPolicy() {
        java.util.Optional<java.nio.file.Path> file = services.dialogs().chooseFile(POLICY_FILE);
        if (file.isEmpty()) {
            return;
        }
        java.nio.file.Path candidate = file.get();
        services.tasks().submit(() -> services.replay().get()
                .whatIf(io.countersign.core.policy.loading.PolicyLoader.load(candidate), null, false), changes -> {
            if (services.dialogs().show(new PolicyChangeDialog(String.valueOf(candidate.getFileName()), changes)).orElse(false)) {
                services.tasks().submit(() -> services.policies().activateFile(candidate, services.actor()).summary(),
                        this::policyActivated,
                        e -> services.dialogs().showError("Policy not activated", e.getMessage()));
            }
        }, e -> services.dialogs().showError("Cannot try this policy", e.getMessage()));
    }

    private final javafx.beans.property.StringProperty auditFinding = new javafx.beans.property.SimpleStringProperty("");

    /** The open audit finding ("" when the log verifies or the finding was acknowledged): the red banner. */
    public javafx.beans.property.StringProperty auditFinding() {
        return auditFinding;
    }

    /** Asks why writing may go on, then records the acknowledgement (an audited event) and lifts the banner. */
    public void acknowledgeAuditFinding() {
        String finding = auditFinding.get();
        if (finding.isEmpty()) {
            return;
        }
        services.dialogs().show(new io.countersign.ui.audit.AcknowledgeFindingDialog(finding)).ifPresent(reason ->
                services.tasks().submit(() -> services.integrity().acknowledge(services.actor(), reason, finding),
                        entry -> review.lastAction().set("Audit finding acknowledged as entry #" + entry.seq()),
                        e -> services.dialogs().showError("Cannot acknowledge the audit finding", String.valueOf(e.getMessage()))));
    }

    public javafx.beans.property.StringProperty policyText() {
        return policyText;
    }

    public javafx.beans.property.StringProperty policyVersion() {
        return policyVersion;
    }

    public String workspaceText() {
        return "workspace: " + services.workspaceName();
    }

    public String reviewerText() {
        return "reviewer: " + services.reviewer();
    }

    public BooleanProperty darkTheme() {
        return darkTheme;
    }

    public QueueViewModel queue() {
        return queue;
    }

    public ReviewViewModel review() {
        return review;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public io.countersign.ui.settings.SettingsViewModel settings() {
        return settings;
    }
}
