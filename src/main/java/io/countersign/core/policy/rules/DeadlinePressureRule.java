package io.countersign.core.policy.rules;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.RuleType;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import io.countersign.core.text.NormalizedText;
import io.countersign.core.text.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pressure by a deadline named as a day or a date — "the offer expires Friday", "the discount
 * ends on the 30th", "our price goes up next week", "valid until March 31" — not only the fixed
 * phrases of the {@code pressure} list ("expires today"). Read on the message's word tokens, within
 * one sentence: a deadline verb, then within six words a time (today, tomorrow, a weekday, this or
 * next week/month, an ordinal day, a month with a day, the end of the day/week/month/quarter).
 * "Expires" and "valid until" are deadlines by themselves; the weaker verbs (ends, closes, goes up,
 * runs out…) only when an offer-like word (offer, deal, price, discount, trial, seats…) comes
 * shortly before them, so "our Q3 report closes on the 30th" or "happy to talk next Friday" are
 * not pressure. A word-token walk, not a regular expression: the same check as RE2 patterns cost
 * nine tenths of the policy's throughput.
 */
public final class DeadlinePressureRule implements PolicyRule {

    public static final String ID = "deadline-pressure";

    public static final RuleType TYPE = RuleType.of(ID, Set.of(), Severity.REQUIRE_APPROVAL,
            s -> new DeadlinePressureRule(s.severity()));

    private static final Set<String> STRONG = Set.of("expire", "expires", "expiring");
    private static final Set<String> WEAK = Set.of("end", "ends", "ending", "close", "closes", "closing", "increase", "increases",
            "increasing", "rise", "rises", "disappear", "disappears", "lapse", "lapses");
    /** Verbs that are deadlines only with the next word: goes up, runs out, is gone, valid until. */
    private static final Set<String> UP = Set.of("go", "goes", "going");
    private static final Set<String> OUT = Set.of("run", "runs", "running", "sell", "sells", "selling");
    private static final Set<String> NOUNS = Set.of("offer", "offers", "deal", "deals", "discount", "discounts", "price", "prices",
            "pricing", "rate", "rates", "promo", "promotion", "trial", "pilot", "special", "sale", "spot", "spots", "seat", "seats",
            "place", "places", "window", "slot", "slots", "coupon", "code", "bonus", "rebate", "registration", "enrollment",
            "enrolment", "cohort", "availability");
    private static final Set<String> DAYS = Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Set<String> NOW = Set.of("today", "tonight", "tomorrow", "midnight");
    private static final Set<String> SPANS = Set.of("week", "weekend", "month", "quarter", "year");
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec");

    /** Hashes of every word a deadline verb can start with, sorted: most tokens are rejected by one binary search, no string made. */
    private static final int[] VERB_STARTS = java.util.stream.Stream.of(STRONG, WEAK, UP, OUT, Set.of("is", "valid"))
            .flatMap(Set::stream).mapToInt(String::hashCode).distinct().sorted().toArray();

    private static final int WHEN_WITHIN = 6;
    private static final int NOUN_WITHIN = 8;

    private final Severity severity;

    public DeadlinePressureRule(Severity severity) {
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        for (TextField field : TextField.values()) {
            NormalizedText nt = input.normalized(field);
            if (nt.text().isEmpty()) {
                continue;
            }
            Tokens t = input.tokens(field);
            String text = t.text();
            int n = t.size();
            for (int i = 0; i < n; i++) {
                if (java.util.Arrays.binarySearch(VERB_STARTS, t.hash(i)) < 0) {
                    continue;
                }
                int verbEnd = verbEnd(t, i, n); // the last token of the verb, or -1
                if (verbEnd < 0) {
                    continue;
                }
                boolean strong = STRONG.contains(t.word(i)) || t.is(i, "valid");
                int from = i;
                if (!strong) {
                    int noun = nounBefore(t, text, i);
                    if (noun < 0) {
                        continue;
                    }
                    from = noun;
                }
                int whenEnd = whenAfter(t, text, verbEnd, n);
                if (whenEnd < 0) {
                    continue;
                }
                int start = nt.originalStart(t.start(from));
                int end = nt.originalEnd(t.end(whenEnd));
                String quoted = input.text(field).substring(start, end);
                findings.add(new Finding(ID, severity, field, start, end, "Pressure by deadline: \u201c" + quoted + "\u201d",
                        List.of(Fix.advice("Drop the deadline, or say plainly when the offer changes without pressing for a reply"))));
                i = whenEnd;
            }
        }
        return findings;
    }

    /** Token {@code i} begins a deadline verb: its last token, or -1. */
    private static int verbEnd(Tokens t, int i, int n) {
        String w = t.word(i);
        if (STRONG.contains(w) || WEAK.contains(w)) {
            return i;
        }
        if (i + 1 >= n) {
            return -1;
        }
        if (UP.contains(w) && t.is(i + 1, "up") || OUT.contains(w) && t.is(i + 1, "out")
                || t.is(i, "is") && t.is(i + 1, "gone")
                || t.is(i, "valid") && (t.is(i + 1, "until") || t.is(i + 1, "through") || t.is(i + 1, "till"))) {
            return i + 1;
        }
        return -1;
    }

    private static int nounBefore(Tokens t, String text, int verb) {
        for (int k = verb - 1; k >= 0 && k >= verb - NOUN_WITHIN; k--) {
            if (sentenceBreak(t, text, k, k + 1)) {
                return -1;
            }
            if (NOUNS.contains(t.word(k))) {
                return k;
            }
        }
        return -1;
    }

    /** The last token of a time expression starting within {@link #WHEN_WITHIN} words after the verb, or -1. */
    private static int whenAfter(Tokens t, String text, int verbEnd, int n) {
        for (int j = verbEnd + 1; j < n && j <= verbEnd + WHEN_WITHIN; j++) {
            if (sentenceBreak(t, text, j - 1, j)) {
                return -1;
            }
            int end = whenAt(t, j, n);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    private static int whenAt(Tokens t, int j, int n) {
        String w = t.word(j);
        if (NOW.contains(w) || DAYS.contains(w) || ordinal(w)) {
            return j;
        }
        if ((w.equals("this") || w.equals("next")) && j + 1 < n
                && (SPANS.contains(t.word(j + 1)) || DAYS.contains(t.word(j + 1)))) {
            return j + 1;
        }
        if (w.equals("end") && j + 2 < n && t.is(j + 1, "of")) {
            int k = t.is(j + 2, "the") || t.is(j + 2, "this") ? j + 3 : j + 2;
            if (k < n && (SPANS.contains(t.word(k)) || t.is(k, "day"))) {
                return k;
            }
        }
        if (MONTHS.contains(w) && j + 1 < n && dayNumber(t.word(j + 1))) {
            return j + 1; // March 31, Jan 5th
        }
        if (dayNumber(w) && j + 1 < n && MONTHS.contains(t.word(j + 1))) {
            return j + 1; // 15 Jan
        }
        return -1;
    }

    private static boolean ordinal(String w) {
        int len = w.length();
        if (len < 3 || len > 4) {
            return false;
        }
        String suffix = w.substring(len - 2);
        return (suffix.equals("st") || suffix.equals("nd") || suffix.equals("rd") || suffix.equals("th"))
                && dayNumber(w.substring(0, len - 2));
    }

    private static boolean dayNumber(String w) {
        String digits = w.endsWith("st") || w.endsWith("nd") || w.endsWith("rd") || w.endsWith("th")
                ? w.substring(0, Math.max(0, w.length() - 2)) : w;
        if (digits.isEmpty() || digits.length() > 2) {
            return false;
        }
        for (int k = 0; k < digits.length(); k++) {
            if (digits.charAt(k) < '0' || digits.charAt(k) > '9') {
                return false;
            }
        }
        int d = Integer.parseInt(digits);
        return d >= 1 && d <= 31;
    }

    /** Whether the text between tokens {@code a} and {@code b} ends a sentence. */
    private static boolean sentenceBreak(Tokens t, String text, int a, int b) {
        for (int c = t.end(a); c < t.start(b); c++) {
            char ch = text.charAt(c);
            if (ch == '.' || ch == '!' || ch == '?' || ch == '\n' || ch == ';') {
                return true;
            }
        }
        return false;
    }
}
