package io.countersign.ui.common;

import io.countersign.core.policy.PolicyException;
import io.countersign.core.review.PolicyReplay;
import java.nio.file.Path;
import java.util.List;

/** Trying and activating a candidate policy from the console (Settings → Try policy). */
public interface PolicyAdmin {

    /** Validates the candidate and lists the pending drafts whose decision would change. */
    List<PolicyReplay.Change> tryPolicy(Path candidate) throws PolicyException;

    /** Makes the candidate the workspace policy; returns a one-line summary for the reviewer. */
    String activate(Path candidate) throws PolicyException;
}
