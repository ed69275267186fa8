package io.countersign.ui;

import io.countersign.core.policy.Finding;
import io.countersign.ui.common.DialogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scripted answers for view-model tests; records what was asked. */
public final class FakeDialogs implements DialogService {
    public Optional<String> rejectReason = Optional.empty();
    public boolean acknowledge;
    public final List<String> asked = new ArrayList<>();
    public List<String> lastRecentReasons = List.of();


    public Optional<String> withdrawReason = Optional.empty();



    @Override
    public void showError(String title, String message) {
        asked.add("error " + title + ": " + message);
    }

    public Optional<java.nio.file.Path> policyFile = Optional.empty();
    public boolean activatePolicy;



    public final List<String> opened = new ArrayList<>();
    public List<String> lastForecast = List.of();
    public Optional<io.countersign.ui.settings.IdentityRequest> identityRequest = Optional.empty();
    public Optional<String> identityProblem = Optional.empty();
    public Optional<String> testAddress = Optional.empty();
    public Optional<String> removeReason = Optional.empty();
    public Optional<Boolean> assistedAnswer = Optional.empty();
    public Optional<String> pauseAllReason = Optional.empty();

    /** What "the browser" does with an opened address (a sign-in test plays the provider's page here). */
    public java.util.function.Consumer<String> browser = url -> { };
    public Optional<io.countersign.core.identity.SignInFlow.Request> signInRequest = Optional.empty();

    @Override
    public void openLink(String url) {
        opened.add(url);
        browser.accept(url);
    }

    @Override
    public void showShortcuts() {
        asked.add("shortcuts");
    }

    public Optional<io.countersign.ui.common.SuppressionRequest> suppression = Optional.empty();
    public Optional<java.nio.file.Path> suppressionCsv = Optional.empty();



    public Optional<java.nio.file.Path> repliesFile = Optional.empty();
    public Optional<java.nio.file.Path> draftsFile = Optional.empty();

    public boolean confirmBulk;
    /** Typed into the signing key dialog, one per time it is shown; none left: cancelled. */
    public final List<String> passphrases = new ArrayList<>();



    @Override
    public void showInfo(String title, String message) {
        asked.add("info " + title + ": " + message);
    }

    /** Answers each feature's file dialog with the file scripted for it (by the choice's id). */
    @Override
    public Optional<java.nio.file.Path> chooseFile(io.countersign.ui.common.FileChoice choice) {
        asked.add("choose " + choice.id());
        return switch (choice.id()) {
            case "policy" -> policyFile;
            case "csv" -> suppressionCsv;
            case "drafts" -> draftsFile;
            case "replies" -> repliesFile;
            default -> Optional.empty();
        };
    }

    /** Each feature's dialog gets its scripted answer; what was asked is recorded as before. */
    @Override
    @SuppressWarnings("unchecked")
    public <R> Optional<R> show(io.countersign.ui.common.CustomDialog<R> dialog) {
        Optional<?> answer;
        if (dialog instanceof io.countersign.ui.common.SigningKeyDialog k) {
            asked.add((k.creating() ? "create key " : "unlock key ") + k.reviewer() + (k.problem() == null ? "" : ": " + k.problem()));
            answer = passphrases.isEmpty() ? Optional.empty() : Optional.of(passphrases.remove(0).toCharArray());
        } else if (dialog instanceof io.countersign.ui.common.RejectReasonDialog r) {
            asked.add("reject " + r.draftLabel());
            lastRecentReasons = r.recentReasons();
            answer = rejectReason;
        } else if (dialog instanceof io.countersign.ui.review.AcknowledgeDialog a) {
            asked.add("acknowledge " + a.findings().size());
            answer = acknowledge ? Optional.of(Boolean.TRUE) : Optional.empty();
        } else if (dialog instanceof io.countersign.ui.main.PolicyChangeDialog p) {
            asked.add("policy change " + p.changes().size());
            answer = activatePolicy ? Optional.of(Boolean.TRUE) : Optional.empty();
        } else if (dialog instanceof io.countersign.ui.queue.BulkApproveDialog b) {
            asked.add("bulk approve " + b.count() + " (" + b.blocked() + " blocked) " + b.acknowledgements());
            lastForecast = b.forecast();
            answer = confirmBulk ? Optional.of(Boolean.TRUE) : Optional.empty();
        } else if (dialog instanceof io.countersign.ui.settings.SuppressionDialog) {
            asked.add("suppression");
            answer = suppression;
        } else if (dialog instanceof io.countersign.ui.settings.WithdrawDialog w) {
            asked.add("withdraw " + w.entryLabel() + " added by " + w.addedBy());
            answer = withdrawReason;
        } else if (dialog instanceof io.countersign.ui.outbox.AssistedSendDialog a) {
            asked.add("assisted " + a.identity() + " -> " + a.profileUrl());
            a.openProfile().run();
            answer = assistedAnswer;
        } else if (dialog instanceof io.countersign.ui.settings.IdentityDialog d) {
            asked.add("add identity");
            if (identityRequest.isPresent()) {
                identityProblem = d.validate().apply(identityRequest.get());
            }
            answer = identityProblem.isPresent() ? Optional.empty() : identityRequest;
        } else if (dialog instanceof io.countersign.ui.settings.RemoveIdentityDialog r) {
            asked.add("remove identity " + r.identityId());
            answer = removeReason;
        } else if (dialog instanceof io.countersign.ui.settings.TestMessageDialog t) {
            asked.add("test message " + t.identityId());
            answer = testAddress;
        } else if (dialog instanceof io.countersign.ui.settings.SignInDialog d) {
            asked.add("sign in " + d.identityId() + " as " + d.mailbox());
            answer = signInRequest;
        } else if (dialog instanceof io.countersign.ui.outbox.PauseAllDialog) {
            asked.add("pause all");
            answer = pauseAllReason;
        } else {
            throw new AssertionError("no scripted answer for " + dialog);
        }
        return (Optional<R>) answer;
    }
}
