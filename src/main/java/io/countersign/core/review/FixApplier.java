package io.countersign.core.review;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;

/** Applies a finding's suggested replacement to the text the finding was made on. */
public final class FixApplier {

    private FixApplier() {
    }

    /**
     * Replaces the finding's span with the fix's replacement. Removing a word also removes one
     * neighbouring space, so "are guaranteed today" becomes "are today", not "are  today".
     *
     * @throws IllegalArgumentException if the fix has no replacement or the span no longer fits the text
     */
    public static String apply(String text, Finding finding, Fix fix) {
        String replacement = fix.replacementText()
                .orElseThrow(() -> new IllegalArgumentException("fix '" + fix.label() + "' is advice, not a replacement"));
        int start = finding.start();
        int end = finding.end();
        if (end > text.length()) {
            throw new IllegalArgumentException("finding span [" + start + ", " + end + ") is outside the text");
        }
        if (replacement.isEmpty()) {
            if (end < text.length() && text.charAt(end) == ' ' && (start == 0 || text.charAt(start - 1) == ' '
                    || text.charAt(start - 1) == '\n')) {
                end++;
            } else if (start > 0 && text.charAt(start - 1) == ' ') {
                start--;
            }
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }
}
