package io.countersign.ui.common;

import io.countersign.core.policy.Finding;
import java.util.List;
import java.util.Optional;

/** Every question the console asks the reviewer goes through here, so view models stay testable. */
public interface DialogService {

    /**
     * Asks why a draft (or {@code count} selected drafts) is rejected; empty when the reviewer
     * cancels. The title and button say how many are rejected.
     */
    Optional<String> askRejectReason(String draftLabel, int count, List<String> recentReasons);

    /** Asks the approver to acknowledge require-approval findings; false when cancelled. */
    boolean confirmAcknowledge(String draftLabel, List<Finding> findings);

    void showError(String title, String message);

    void showShortcuts();


    /**
     * Shows what a candidate policy would change and asks whether to activate it.
     *
     * @return true when the reviewer chose to activate
     */
    boolean confirmPolicyChange(String candidate, List<io.countersign.core.review.PolicyReplay.Change> changes);

    /**
     * Confirms a bulk approval, naming the count on the button ("Approve 12 messages").
     *
     * @param blocked          picked drafts that cannot be approved (blocking findings) and will be skipped
     * @param acknowledgements require-approval reasons the approver acknowledges for all, with their counts
     */
    boolean confirmBulkApprove(int count, int blocked, List<String> acknowledgements);

    /** Asks what to add to the do-not-contact list; empty when cancelled. */
    Optional<SuppressionRequest> askSuppression();

    /**
     * Asks why a do-not-contact entry is withdrawn (it was added by mistake); empty when cancelled.
     * Says that the entry's history is kept and that adding it again restores it.
     */
    Optional<String> askWithdrawReason(String entryLabel, String addedBy, String addedReason);




    /** Asks for a file to open, as the feature's {@link FileChoice} describes; empty when cancelled. */
    Optional<java.nio.file.Path> chooseFile(FileChoice choice);

    /** Tells the reviewer the outcome of something they started (an import with rejected rows…). */
    void showInfo(String title, String message);
}
