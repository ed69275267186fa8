package io.countersign.core.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds number-bearing performance claims in text: multipliers ("3x", "2.5×"), percentages
 * ("40%", "12 percent"), money ("$2M", "€500k", "1.2 million dollars") and promised durations
 * ("in 2 weeks" when the sentence promises a result). Funding rounds ("raised $12M"), frequencies
 * ("2x a week"), idioms ("100% sure"), meeting lengths, dates and headcounts are not claims. Each metric gets a
 * canonical key ("3x", "40%", "$2m") so the text can be matched against a draft's claim entries.
 */
public final class MetricExtractor {

    /** A metric and its span in the text (UTF-16 indices). */
    public record Metric(String text, String key, int start, int end) {
    }

    private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
    private static final String SCALE = "k|m|mm|bn|b|thousand|million|billion";
    private static final Pattern METRIC = Pattern.compile(
            // multiplier: 3x, 10 x, 2.5×, but not "0x1F" or a word such as "3xl"
            "(?<![\\p{L}\\p{N}.,])(?<mult>" + NUMBER + ")\\s?[x×](?![\\p{L}\\p{N}])"
            // percentage: 40%, 40 %, 40 percent, 40 per cent
            + "|(?<![\\p{L}\\p{N}.,])(?<pct>" + NUMBER + ")\\s?(?:%|percent\\b|per cent\\b)"
            // money with a leading currency sign
            + "|(?<cur>[$€£])\\s?(?<amt>" + NUMBER + ")(?:\\s?(?<scale>" + SCALE + ")\\b)?"
            // money with a trailing currency word
            + "|(?<![\\p{L}\\p{N}.,])(?<amt2>" + NUMBER + ")\\s?(?:(?<scale2>" + SCALE + ")\\s?)?"
            + "(?<cur2>usd|eur|gbp|dollars|euros|pounds)\\b"
            // a result promised within a time: "in 2 weeks", "within 30 days", "in under 10 minutes"
            + "|\\b(?:in|within)\\s+(?:(?:under|less\\s+than|just)\\s+)?(?<dur>\\d+)\\s?(?<unit>minutes?|hours?|days?|weeks?|months?)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    // Numbers that are not performance claims: funding rounds, frequencies, idioms.
    private static final Pattern FUNDING_BEFORE = Pattern.compile(
            "(?i)(?:raised|raising|funding|series\\s+[a-f]|seed|round|valuation|valued\\s+at|revenue\\s+of)\\W+(?:\\w+\\W+){0,2}$");
    private static final Pattern FUNDING_AFTER = Pattern.compile(
            "(?i)^\\s*(?:series\\s+[a-f]\\b|seed\\b|(?:funding\\s+)?round\\b|raise\\b|funding\\b|valuation\\b|in\\s+funding\\b)");
    private static final Pattern FREQUENCY_AFTER = Pattern.compile("(?i)^\\s*(?:a|per|each|every)\\s+(?:day|week|month|year|quarter)\\b");
    private static final Pattern IDIOM_AFTER = Pattern.compile("(?i)^\\s*(?:sure|certain|remote|of\\s+(?:the|our|your)\\s+team)\\b");
    // A duration is a claim only in a sentence that promises a result.
    private static final Pattern RESULT_CUE = Pattern.compile(
            "(?i)\\b(?:more|faster|increase[sd]?|cut|cuts|save[sd]?|saving|reduce[sd]?|boost(?:ed|s)?|grow(?:s|th)?|doubl\\w*|tripl\\w*|results?|roi|pipeline|revenue|replies|meetings|ramp(?:ed)?|payback|quota)\\b");

    private MetricExtractor() {
    }

    public static List<Metric> find(String text) {
        List<Metric> metrics = new ArrayList<>();
        // Every metric contains a digit. For each run of digits, try the pattern only where a metric
        // can start: a currency sign just before it, "in"/"within" a few words before it, or the
        // digits themselves. The cost follows the numbers in the text, not its length.
        Matcher m = METRIC.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int n = text.length();
        int i = 0;
        int done = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || i < done) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < n && (Character.isDigit(text.charAt(runEnd)) || text.charAt(runEnd) == ',' || text.charAt(runEnd) == '.')) {
                runEnd++;
            }
            for (int start : candidateStarts(text, i, done)) {
                m.region(start, n);
                if (m.lookingAt() && m.end() > i) {
                    if (!isExcluded(text, m)) {
                        metrics.add(new Metric(m.group(), keyOf(m), m.start(), m.end()));
                    }
                    done = m.end();
                    break;
                }
            }
            i = Math.max(runEnd, done);
        }
        return metrics;
    }

    /** Where a metric around the digits at {@code digit} may begin, earliest first, none before {@code floor}. */
    private static int[] candidateStarts(String text, int digit, int floor) {
        int currency = -1;
        for (int k = digit - 1; k >= Math.max(floor, digit - 2); k--) {
            char c = text.charAt(k);
            if (c == '$' || c == '\u20ac' || c == '\u00a3') {
                currency = k;
                break;
            }
            if (c != ' ') {
                break;
            }
        }
        int duration = -1;
        int windowStart = Math.max(floor, digit - 28);
        String window = text.substring(windowStart, digit).toLowerCase(Locale.ROOT);
        int in = Math.max(window.lastIndexOf("in "), window.lastIndexOf("within "));
        if (in >= 0 && (in == 0 || !Character.isLetter(window.charAt(in - 1)))) {
            duration = windowStart + in;
        }
        if (duration >= 0 && currency >= 0) {
            return duration < currency ? new int[] {duration, currency, digit} : new int[] {currency, duration, digit};
        }
        if (duration >= 0) {
            return new int[] {duration, digit};
        }
        return currency >= 0 ? new int[] {currency, digit} : new int[] {digit};
    }

    private static boolean isExcluded(String text, Matcher m) {
        String before = text.substring(Math.max(0, m.start() - 40), m.start());
        String after = text.substring(m.end(), Math.min(text.length(), m.end() + 30));
        if ((m.group("cur") != null || m.group("amt2") != null)
                && (FUNDING_BEFORE.matcher(before).find() || FUNDING_AFTER.matcher(after).find())) {
            return true;
        }
        if (m.group("mult") != null && FREQUENCY_AFTER.matcher(after).find()) {
            return true;
        }
        if (m.group("pct") != null && IDIOM_AFTER.matcher(after).find()) {
            return true;
        }
        if (m.group("dur") != null) {
            return !RESULT_CUE.matcher(sentenceAround(text, m.start(), m.end())).find();
        }
        return false;
    }

    private static String sentenceAround(String text, int start, int end) {
        int from = start;
        while (from > 0 && ".!?\n".indexOf(text.charAt(from - 1)) < 0) {
            from--;
        }
        int to = end;
        while (to < text.length() && ".!?\n".indexOf(text.charAt(to)) < 0) {
            to++;
        }
        return text.substring(from, to);
    }

    private static String keyOf(Matcher m) {
        if (m.group("dur") != null) {
            return m.group("dur") + Character.toLowerCase(m.group("unit").charAt(0))
                    + (m.group("unit").toLowerCase(Locale.ROOT).startsWith("mo") ? "o" : "");
        }
        if (m.group("mult") != null) {
            return number(m.group("mult")) + "x";
        }
        if (m.group("pct") != null) {
            return number(m.group("pct")) + "%";
        }
        if (m.group("cur") != null) {
            return currency(m.group("cur")) + number(m.group("amt")) + scale(m.group("scale"));
        }
        return currency(m.group("cur2")) + number(m.group("amt2")) + scale(m.group("scale2"));
    }

    private static String number(String raw) {
        String plain = raw.replace(",", "");
        if (plain.contains(".")) {
            plain = plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return plain;
    }

    private static String currency(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "$", "usd", "dollars" -> "$";
            case "€", "eur", "euros" -> "€";
            default -> "£";
        };
    }

    private static String scale(String raw) {
        if (raw == null) {
            return "";
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "k", "thousand" -> "k";
            case "m", "mm", "million" -> "m";
            default -> "b";
        };
    }
}
