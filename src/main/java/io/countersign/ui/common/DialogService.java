package io.countersign.ui.common;

import io.countersign.core.policy.Finding;
import java.util.List;
import java.util.Optional;

/** Every question the console asks the reviewer goes through here, so view models stay testable. */
public interface DialogService {

    /** Asks why a draft is rejected; empty when the reviewer cancels. */
    Optional<String> askRejectReason(String draftLabel, List<String> recentReasons);

    /** Asks the approver to acknowledge require-approval findings; false when cancelled. */
    boolean confirmAcknowledge(String draftLabel, List<Finding> findings);

    void showError(String title, String message);

    void showShortcuts();
}
