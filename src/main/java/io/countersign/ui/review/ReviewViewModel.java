package io.countersign.ui.review;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import io.countersign.core.review.FixApplier;
import io.countersign.core.review.QueuedDraft;
import io.countersign.core.review.ReviewException;
import io.countersign.ui.common.ConsoleServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected draft: what the reviewer reads, edits and decides. Re-evaluates the policy while the
 * reviewer types (debounced, off the UI thread) and stores every decision through the review service.
 */
public final class ReviewViewModel {

    static final Duration PREVIEW_DELAY = Duration.ofMillis(150);
    private static final String CANNOT_APPROVE = "Cannot approve: fix or remove the blocking findings first (see above).";
    private static final int RECENT_REASONS = 9;

    private final ConsoleServices services;
    private final ObjectProperty<QueuedDraft> draft = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty meta = new SimpleStringProperty("");
    private final StringProperty research = new SimpleStringProperty("");
    private final StringProperty angle = new SimpleStringProperty("");
    private final StringProperty subject = new SimpleStringProperty("");
    private final StringProperty body = new SimpleStringProperty("");
    private final BooleanProperty hasSubject = new SimpleBooleanProperty();
    private final ObservableList<String> claims = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<NumberedFix> fixes = FXCollections.observableArrayList();
    private final ObjectProperty<Decision> decision = new SimpleObjectProperty<>();
    private final BooleanProperty editing = new SimpleBooleanProperty();
    private final BooleanProperty approvable = new SimpleBooleanProperty();
    /** A pending draft is shown: edit and reject are offered (a decided one refuses them). */
    private final BooleanProperty decidable = new SimpleBooleanProperty();

    /** What the hint under the message is: a refusal, a note about the acknowledgement, or neither. */
    public enum HintKind { NONE, BLOCKED, ACKNOWLEDGE, DECIDED }

    private final ObjectProperty<HintKind> hintKind = new SimpleObjectProperty<>(HintKind.NONE);
    private final ReadOnlyStringWrapper approveHint = new ReadOnlyStringWrapper("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty lastAction = new SimpleStringProperty("");
    private final ObservableList<AuditEntry> trail = FXCollections.observableArrayList();
    private final BooleanProperty trailVisible = new SimpleBooleanProperty();
    private final IntegerProperty selectedFinding = new SimpleIntegerProperty(-1);
    private final LinkedList<String> recentReasons = new LinkedList<>();
    private long textVersion;
    /** Numbers given to fixes of the draft {@code numberedFor}, by rule, field, message and fix. */
    private final java.util.Map<String, Integer> fixNumbers = new java.util.HashMap<>();
    private String numberedFor;

    public ReviewViewModel(ConsoleServices services) {
        this.services = services;
    }

    /** Shows a draft. A pending edit of the previous draft is stored first, so nothing typed is lost. */
    public void show(QueuedDraft q, Consumer<QueuedDraft> onSaved) {
        if (editing.get()) {
            leaveEdit(onSaved);
        }
        draft.set(q);
        textVersion++;
        selectedFinding.set(-1);
        message.set("");
        if (q == null) {
            title.set("");
            meta.set("");
            research.set("");
            angle.set("");
            subject.set("");
            body.set("");
            hasSubject.set(false);
            claims.clear();
            trail.clear();
            setDecision(null);
            return;
        }
        Draft d = q.draft();
        title.set(d.lead().displayName() + (isBlank(d.lead().company()) ? "" : " · " + d.lead().company()));
        meta.set(String.join(" · ", nonBlank(
                (d.channel() == Channel.EMAIL ? "email" : "LinkedIn") + " from " + d.identityId(),
                isBlank(d.campaign()) ? "" : "campaign " + d.campaign(),
                isBlank(d.template()) ? "" : "template " + d.template(),
                isBlank(d.persona()) ? "" : "persona " + d.persona(),
                isBlank(d.promptVersion()) ? "" : "prompt " + d.promptVersion(),
                "by " + d.createdBy(),
                q.status() == ReviewStatus.PENDING ? "" : q.status().wireName() + " by " + q.decidedBy()
                        + (q.rejectReason().isEmpty() ? "" : ": " + q.rejectReason()))));
        research.set(d.research().summary());
        angle.set(d.research().angle());
        hasSubject.set(d.channel() == Channel.EMAIL);
        subject.set(q.subject());
        body.set(q.body());
        claims.setAll(d.claims().stream().map(ReviewViewModel::describe).toList());
        setDecision(q.decision());
        loadTrail();
    }

    /**
     * The store holds a newer state of a draft (the change feed said so: a re-check after another
     * approval, a policy reload, another window). If it is the one shown and not being edited, show
     * what the store holds, so the pane never offers an action the store would refuse.
     */
    public void storedStateChanged(QueuedDraft q) {
        QueuedDraft shown = draft.get();
        if (shown == null || editing.get() || !shown.id().equals(q.id()) || shown.revision() == q.revision()) {
            return;
        }
        String keepMessage = message.get();
        show(q, ignored -> { });
        message.set(keepMessage);
    }

    public void startEdit() {
        QueuedDraft q = draft.get();
        if (q == null) {
            return;
        }
        if (q.status() != ReviewStatus.PENDING) {
            message.set("This draft is already " + q.status().wireName() + "; it can no longer be edited.");
            return;
        }
        editing.set(true);
    }

    /** The reviewer typed: re-check the policy shortly after the typing pauses. */
    public void textEdited(String newSubject, String newBody) {
        QueuedDraft q = draft.get();
        if (q == null || !editing.get()) {
            return;
        }
        subject.set(newSubject);
        body.set(newBody);
        long version = ++textVersion;
        services.tasks().debounce("policy-preview", PREVIEW_DELAY,
                () -> services.review().preview(q, newSubject, newBody),
                result -> {
                    if (version == textVersion) {
                        setDecision(result);
                    }
                },
                e -> message.set("Policy check failed: " + e.getMessage()));
    }

    /** Leaves edit mode and stores the edit (with an audit entry) if the text changed. */
    public void leaveEdit(Consumer<QueuedDraft> onSaved) {
        if (!editing.get()) {
            return;
        }
        editing.set(false);
        QueuedDraft q = draft.get();
        String newSubject = subject.get();
        String newBody = body.get();
        if (q == null || (newSubject.equals(q.subject()) && newBody.equals(q.body()))) {
            return;
        }
        services.tasks().submit(() -> services.review().edit(q.id(), services.reviewer(), newSubject, newBody, null),
                saved -> {
                    message.set("Edit saved.");
                    lastAction.set("Edit of " + label(saved) + " saved.");
                    if (draft.get() != null && draft.get().id().equals(saved.id())) {
                        draft.set(saved);
                        setDecision(saved.decision());
                        loadTrail();
                    }
                    onSaved.accept(saved);
                },
                e -> message.set("Edit not saved: " + e.getMessage()));
    }

    /** Approves the draft as it stands (storing a pending edit first). */
    public void approve(Consumer<QueuedDraft> onDone) {
        QueuedDraft q = draft.get();
        if (q == null) {
            return;
        }
        if (services.signing().state(services.reviewer()) != io.countersign.core.review.ReviewerKeys.State.UNLOCKED) {
            io.countersign.ui.common.SigningKeys.ensure(services, () -> approve(onDone), why -> {
                lastAction.set("Not approved: " + label(q) + ": " + why);
                message.set("Not approved: " + why + ".");
            });
            return;
        }
        if (!approvable.get()) {
            message.set(q.status() == ReviewStatus.PENDING
                    ? CANNOT_APPROVE
                    : "Not approved: " + approveHint.get() + ".");
            return;
        }
        // Observe-mode findings are shown and logged, nothing else: they never ask for an acknowledgement.
        List<Finding> needAck = findings.stream().filter(f -> !f.observed() && f.severity() == Severity.REQUIRE_APPROVAL).toList();
        if (!needAck.isEmpty() && !services.dialogs().show(new AcknowledgeDialog(label(q), needAck)).orElse(false)) {
            message.set("Approval cancelled.");
            return;
        }
        boolean wasEditing = editing.get();
        editing.set(false);
        String newSubject = subject.get();
        String newBody = body.get();
        // Optimistic: the queue moves on at once; the approval is re-checked and stored durably on the
        // worker, in order with everything else. If the store refuses, the draft comes back.
        lastAction.set("Approving " + label(q) + "…");
        onDone.accept(q.expectedAfter(ReviewStatus.APPROVED, services.reviewer(), "", services.clock().instant()));
        services.tasks().submit(() -> {
            if (wasEditing && (!newSubject.equals(q.subject()) || !newBody.equals(q.body()))) {
                services.review().edit(q.id(), services.reviewer(), newSubject, newBody, null);
            }
            // What it will use of its identity's budget, before it takes its place in the outbox.
            var forecast = services.outbox().forecast(java.util.List.of(q));
            QueuedDraft approved = services.review().approve(q.id(), services.reviewer(), !needAck.isEmpty());
            return java.util.Map.entry(approved, forecast.isEmpty() ? "" : when(forecast.get(0)));
        }, done -> {
            QueuedDraft approved = done.getKey();
            lastAction.set("Approved " + label(approved) + " as " + services.reviewer() + "; " + done.getValue());
            onDone.accept(approved);
        }, e -> {
            lastAction.set("Not approved: " + label(q) + ": " + e.getMessage());
            failed("Not approved: " + label(q), e);
            restore(q, onDone);
        });
    }

    /** After a refused decision: put the draft back as the store holds it. */
    private void restore(QueuedDraft q, Consumer<QueuedDraft> onDone) {
        services.tasks().submit(() -> services.drafts().find(q.id()).orElse(q), onDone,
                e -> message.set("Cannot reload " + label(q) + ": " + e.getMessage()));
    }

    /** Asks for a reason and rejects the draft. */
    public void reject(Consumer<QueuedDraft> onDone) {
        QueuedDraft q = draft.get();
        if (q == null) {
            return;
        }
        if (q.status() != ReviewStatus.PENDING) {
            message.set("This draft is already " + q.status().wireName() + ".");
            return;
        }
        if (services.signing().state(services.reviewer()) != io.countersign.core.review.ReviewerKeys.State.UNLOCKED) {
            io.countersign.ui.common.SigningKeys.ensure(services, () -> reject(onDone), why -> {
                lastAction.set("Not rejected: " + label(q) + ": " + why);
                message.set("Not rejected: " + why + ".");
            });
            return;
        }
        Optional<String> reason = services.dialogs().show(
                new io.countersign.ui.common.RejectReasonDialog(label(q), 1, List.copyOf(recentReasons)));
        if (reason.isEmpty() || reason.get().isBlank()) {
            message.set("Rejection cancelled.");
            return;
        }
        String why = reason.get().strip();
        rememberReason(why);
        editing.set(false);
        onDone.accept(q.expectedAfter(ReviewStatus.REJECTED, services.reviewer(), why, services.clock().instant()));
        services.tasks().submit(() -> services.review().reject(q.id(), services.reviewer(), why),
                rejected -> {
                    lastAction.set("Rejected " + label(rejected) + ": " + why);
                    onDone.accept(rejected);
                }, e -> {
                    failed("Not rejected", e);
                    restore(q, onDone);
                });
    }

    /** Applies the fix with the given number (1–9) and stores the result as an audited edit. */
    public void applyFix(int number, Consumer<QueuedDraft> onSaved) {
        QueuedDraft q = draft.get();
        Optional<NumberedFix> chosen = fixes.stream().filter(f -> f.number() == number).findFirst();
        if (q == null || chosen.isEmpty()) {
            message.set("No fix numbered " + number + ".");
            return;
        }
        if (q.status() != ReviewStatus.PENDING) {
            message.set("This draft is already " + q.status().wireName() + ".");
            return;
        }
        NumberedFix nf = chosen.get();
        String newSubject = subject.get();
        String newBody = body.get();
        try {
            if (nf.finding().field() == TextField.SUBJECT) {
                newSubject = FixApplier.apply(newSubject, nf.finding(), nf.fix());
            } else {
                newBody = FixApplier.apply(newBody, nf.finding(), nf.fix());
            }
        } catch (IllegalArgumentException e) {
            message.set("Fix not applied: " + e.getMessage());
            return;
        }
        String s = newSubject;
        String b = newBody;
        editing.set(false);
        String note = "applied fix [" + nf.finding().ruleId() + "]: " + nf.fix().label();
        services.tasks().submit(() -> services.review().edit(q.id(), services.reviewer(), s, b, note),
                saved -> {
                    message.set("Fix applied: " + nf.fix().label());
                    show(saved, onSaved);
                    onSaved.accept(saved);
                }, e -> failed("Fix not applied", e));
    }

    public void nextFinding() {
        if (!findings.isEmpty()) {
            selectedFinding.set((selectedFinding.get() + 1) % findings.size());
        }
    }

    public void previousFinding() {
        if (!findings.isEmpty()) {
            int i = selectedFinding.get() - 1;
            selectedFinding.set(i < 0 ? findings.size() - 1 : i);
        }
    }

    public void toggleTrail() {
        trailVisible.set(!trailVisible.get());
    }

    /** Body findings covering a character, for the tooltip under the mouse. */
    public List<Finding> findingsAt(int index) {
        return findings.stream()
                .filter(f -> f.field() == TextField.BODY && index >= f.start() && index < Math.max(f.end(), f.start() + 1))
                .toList();
    }

    private void loadTrail() {
        QueuedDraft q = draft.get();
        if (q == null) {
            return;
        }
        services.tasks().submit(() -> services.audit().forDraft(q.id()), entries -> {
            if (draft.get() != null && draft.get().id().equals(q.id())) {
                trail.setAll(entries);
            }
        }, e -> message.set("Audit trail unavailable: " + e.getMessage()));
    }

    private void setDecision(PolicyDecision d) {
        findings.setAll(d == null ? List.of() : d.findings());
        decision.set(d == null ? null : d.decision());
        // A fix keeps its number while the same draft is shown, and a number is never given to
        // another fix of that draft: pressing 2 twice can never apply two different fixes.
        QueuedDraft shownDraft = draft.get();
        String id = shownDraft == null ? null : shownDraft.id();
        if (!java.util.Objects.equals(id, numberedFor)) {
            numberedFor = id;
            fixNumbers.clear();
        }
        List<NumberedFix> numbered = new ArrayList<>();
        for (Finding f : findings) {
            for (Fix fix : f.fixes()) {
                if (fix.replacementText().isEmpty()) {
                    continue;
                }
                String key = f.ruleId() + "\u0000" + f.field() + "\u0000" + f.message() + "\u0000" + fix.label();
                Integer n = fixNumbers.get(key);
                if (n == null && fixNumbers.size() < 9) {
                    n = fixNumbers.size() + 1;
                    fixNumbers.put(key, n);
                }
                if (n != null && numbered.stream().noneMatch(x -> x.number() == fixNumbers.get(key))) {
                    numbered.add(new NumberedFix(n, f, fix));
                }
            }
        }
        numbered.sort(java.util.Comparator.comparingInt(NumberedFix::number));
        fixes.setAll(numbered);
        if (selectedFinding.get() >= findings.size()) {
            selectedFinding.set(-1);
        }
        QueuedDraft q = draft.get();
        decidable.set(q != null && q.status() == ReviewStatus.PENDING);
        if (q == null) {
            approvable.set(false);
            approveHint.set("");
            hintKind.set(HintKind.NONE);
        } else if (q.status() != ReviewStatus.PENDING) {
            approvable.set(false);
            approveHint.set("Already " + q.status().wireName() + " by " + q.decidedBy());
            hintKind.set(HintKind.DECIDED);
        } else if (d != null && d.isBlocked()) {
            approvable.set(false);
            hintKind.set(HintKind.BLOCKED);
            List<String> blocking = d.findingsWith(Severity.BLOCK).stream().map(Finding::message).distinct().toList();
            approveHint.set("Cannot approve while " + (blocking.size() == 1 ? "a blocking finding remains: "
                    : blocking.size() + " blocking findings remain: ") + String.join("; ", blocking));
        } else {
            if (CANNOT_APPROVE.equals(message.get())) {
                message.set(""); // the edit removed the last blocking finding: the refusal no longer holds
            }
            approvable.set(true);
            boolean ack = d != null && d.decision() == Decision.REQUIRE_APPROVAL;
            approveHint.set(ack ? "Approving asks you to acknowledge: " + d.reason() : "");
            hintKind.set(ack ? HintKind.ACKNOWLEDGE : HintKind.NONE);
        }
    }

    /** Reasons used lately, newest first (offered on Alt+1…9 in the reject dialog). */
    public List<String> recentReasons() {
        return List.copyOf(recentReasons);
    }

    public void rememberReason(String why) {
        recentReasons.remove(why);
        recentReasons.addFirst(why);
        while (recentReasons.size() > RECENT_REASONS) {
            recentReasons.removeLast();
        }
    }

    private void failed(String what, Throwable e) {
        message.set(what + ": " + (e instanceof ReviewException ? e.getMessage() : String.valueOf(e.getMessage())));
        // Refusals explain themselves on the pane; a closed audit log has its own red banner.
        if (!(e instanceof ReviewException) && !(e instanceof io.countersign.core.integrity.AuditIntegrity.BrokenLogException)) {
            services.dialogs().showError(what, String.valueOf(e.getMessage()));
        }
    }

    static String describe(Claim c) {
        return c.value() + " → " + (c.hasEvidence() ? c.evidenceUrl() : "(no evidence)");
    }

    private static String label(QueuedDraft q) {
        return q.draft().lead().displayName() + " (" + q.id() + ")";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> nonBlank(String... parts) {
        return java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).toList();
    }

    public ObjectProperty<QueuedDraft> draft() { return draft; }
    public StringProperty title() { return title; }
    public StringProperty meta() { return meta; }
    public StringProperty research() { return research; }
    public StringProperty angle() { return angle; }
    public StringProperty subject() { return subject; }
    public StringProperty body() { return body; }
    public BooleanProperty hasSubject() { return hasSubject; }
    public ObservableList<String> claims() { return claims; }
    public ObservableList<Finding> findings() { return findings; }
    public ObservableList<NumberedFix> fixes() { return fixes; }
    public ObjectProperty<Decision> decision() { return decision; }
    public BooleanProperty editing() { return editing; }
    public BooleanProperty approvable() { return approvable; }
    public BooleanProperty decidable() { return decidable; }
    public ObjectProperty<HintKind> hintKind() { return hintKind; }
    public ReadOnlyStringProperty approveHint() { return approveHint.getReadOnlyProperty(); }
    public StringProperty message() { return message; }
    /** The last stored decision or edit; unlike {@link #message()} it survives moving to the next draft. */
    public StringProperty lastAction() { return lastAction; }
    public ObservableList<AuditEntry> trail() { return trail; }
    public BooleanProperty trailVisible() { return trailVisible; }
    public IntegerProperty selectedFinding() { return selectedFinding; }

    /** When an approved message will go, in the words of the status line. */
    static String when(io.countersign.core.outbox.OutboxService.Forecast f) {
        if (!f.note().isEmpty()) {
            return "not sent yet: " + f.note();
        }
        if (f.goToday() > 0) {
            return "it leaves after the undo window (u undoes) — " + f.identityId() + ": " + f.usedToday() + " of "
                    + f.capToday() + " used today";
        }
        return "it goes on " + (f.later().isEmpty() ? "a later day" : f.later().firstKey()) + ": " + f.identityId()
                + " has used " + f.usedToday() + " of " + f.capToday() + " today" + (f.alreadyWaiting() > 0 ? " with "
                + f.alreadyWaiting() + " already waiting" : "") + " (or its window is closed)";
    }
}
