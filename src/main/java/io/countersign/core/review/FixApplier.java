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
            String clause = withoutDanglingClause(text, start, end);
            if (clause != null) {
                return clause;
            }
            if (end < text.length() && text.charAt(end) == ' ' && (start == 0 || text.charAt(start - 1) == ' '
                    || text.charAt(start - 1) == '\n')) {
                end++;
            } else if (start > 0 && text.charAt(start - 1) == ' ') {
                start--;
            }
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }

    private static final String CLAUSE_PUNCTUATION = ":;,\u2014\u2013";
    private static final String CLAUSE_START = ".!?\n:;,";
    private static final int MAX_LEAD_IN_WORDS = 3;

    /**
     * Removing a phrase that ends a short clause before a colon, semicolon, comma or dash ("this is
     * urgent: our pricing…") would leave "this is: our pricing…". Then the whole short clause goes
     * with its punctuation, and the rest starts the sentence: "Our pricing…". Null when that is not
     * the case (the plain removal applies).
     */
    private static String withoutDanglingClause(String text, int start, int end) {
        int p = end;
        while (p < text.length() && text.charAt(p) == ' ') {
            p++;
        }
        if (p >= text.length() || CLAUSE_PUNCTUATION.indexOf(text.charAt(p)) < 0) {
            return null;
        }
        int clauseStart = start;
        while (clauseStart > 0 && CLAUSE_START.indexOf(text.charAt(clauseStart - 1)) < 0) {
            clauseStart--;
        }
        while (clauseStart < start && Character.isWhitespace(text.charAt(clauseStart))) {
            clauseStart++;
        }
        String leadIn = text.substring(clauseStart, start).strip();
        if (!leadIn.isEmpty() && leadIn.split("\\s+").length > MAX_LEAD_IN_WORDS) {
            return null;
        }
        int restStart = p + 1;
        while (restStart < text.length() && text.charAt(restStart) == ' ') {
            restStart++;
        }
        String rest = text.substring(restStart);
        boolean sentenceStart = isSentenceStart(text, clauseStart);
        if (sentenceStart && !rest.isEmpty()) {
            int first = rest.codePointAt(0);
            rest = new String(Character.toChars(Character.toUpperCase(first))) + rest.substring(Character.charCount(first));
        }
        return text.substring(0, clauseStart) + rest;
    }

    private static boolean isSentenceStart(String text, int at) {
        int i = at - 1;
        while (i >= 0 && text.charAt(i) == ' ') {
            i--;
        }
        return i < 0 || ".!?\n".indexOf(text.charAt(i)) >= 0;
    }
}
