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

    @Override
    public Optional<String> askRejectReason(String draftLabel, int count, List<String> recentReasons) {
        asked.add("reject " + draftLabel);
        lastRecentReasons = recentReasons;
        return rejectReason;
    }

    public Optional<String> withdrawReason = Optional.empty();

    @Override
    public Optional<String> askWithdrawReason(String entryLabel, String addedBy, String addedReason) {
        asked.add("withdraw " + entryLabel + " added by " + addedBy);
        return withdrawReason;
    }

    @Override
    public boolean confirmAcknowledge(String draftLabel, List<Finding> findings) {
        asked.add("acknowledge " + findings.size());
        return acknowledge;
    }

    @Override
    public void showError(String title, String message) {
        asked.add("error " + title + ": " + message);
    }

    public Optional<java.nio.file.Path> policyFile = Optional.empty();
    public boolean activatePolicy;


    @Override
    public boolean confirmPolicyChange(String candidate, List<io.countersign.core.review.PolicyReplay.Change> changes) {
        asked.add("policy change " + changes.size());
        return activatePolicy;
    }

    @Override
    public void showShortcuts() {
        asked.add("shortcuts");
    }

    public Optional<io.countersign.ui.common.SuppressionRequest> suppression = Optional.empty();
    public Optional<java.nio.file.Path> suppressionCsv = Optional.empty();

    @Override
    public Optional<io.countersign.ui.common.SuppressionRequest> askSuppression() {
        asked.add("suppression");
        return suppression;
    }


    public Optional<java.nio.file.Path> repliesFile = Optional.empty();
    public Optional<java.nio.file.Path> draftsFile = Optional.empty();

    public boolean confirmBulk;

    @Override
    public boolean confirmBulkApprove(int count, int blocked, List<String> acknowledgements) {
        asked.add("bulk approve " + count + " (" + blocked + " blocked) " + acknowledgements);
        return confirmBulk;
    }


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
}
