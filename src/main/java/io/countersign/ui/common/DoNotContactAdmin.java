package io.countersign.ui.common;

import io.countersign.core.contact.Suppression;
import java.util.List;

/** The do-not-contact list as the console manages it (Settings). */
public interface DoNotContactAdmin {

    /** Every entry, oldest first. */
    List<Suppression> entries();

    /**
     * Adds entries in the reviewer's name (audited; entries are never removed) and re-checks the
     * pending drafts at once.
     *
     * @return how many entries were new
     */
    int add(List<Suppression> entries);
}
