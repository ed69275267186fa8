package io.countersign.core.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.countersign.core.text.TextScan;

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

    // Group numbers, looked up once: Matcher.group(String) costs a map lookup per call on the hot path.
    private static final int MULT = groupNumber("mult");
    private static final int PCT = groupNumber("pct");
    private static final int CUR = groupNumber("cur");
    private static final int AMT = groupNumber("amt");
    private static final int SCALE_1 = groupNumber("scale");
    private static final int AMT2 = groupNumber("amt2");
    private static final int SCALE2 = groupNumber("scale2");
    private static final int CUR2 = groupNumber("cur2");
    private static final int DUR = groupNumber("dur");
    private static final int UNIT = groupNumber("unit");

    static {
        // The counted numbers must name the same groups as the names do; fail at load, not in a review.
        String sample = "3x 40% $2m 5 million dollars in 2 weeks";
        Matcher m = METRIC.matcher(sample);
        String[] names = {"mult", "pct", "cur", "amt", "scale", "amt2", "scale2", "cur2", "dur", "unit"};
        int[] numbers = {MULT, PCT, CUR, AMT, SCALE_1, AMT2, SCALE2, CUR2, DUR, UNIT};
        while (m.find()) {
            for (int k = 0; k < names.length; k++) {
                if (m.start(names[k]) != m.start(numbers[k]) || m.end(names[k]) != m.end(numbers[k])) {
                    throw new IllegalStateException("group " + names[k] + " is not number " + numbers[k]);
                }
            }
        }
    }

    // Numbers that are not performance claims: funding rounds, frequencies, idioms.
    private static final Pattern FUNDING_BEFORE = Pattern.compile(
            "(?i)(?:raised|raising|funding|series\\s+[a-f]|seed|round|valuation|valued\\s+at|revenue\\s+of)\\W+(?:\\w+\\W+){0,2}$");
    private static final Pattern FUNDING_AFTER = Pattern.compile(
            "(?i)\\s*(?:series\\s+[a-f]\\b|seed\\b|(?:funding\\s+)?round\\b|raise\\b|funding\\b|valuation\\b|in\\s+funding\\b)");
    private static final Pattern FREQUENCY_AFTER = Pattern.compile("(?i)\\s*(?:a|per|each|every)\\s+(?:day|week|month|year|quarter)\\b");
    private static final Pattern IDIOM_AFTER = Pattern.compile("(?i)\\s*(?:sure|certain|remote|of\\s+(?:the|our|your)\\s+team)\\b");
    // A duration is a claim only in a sentence that promises a result.
    private static final Pattern RESULT_CUE = Pattern.compile(
            "(?i)\\b(?:more|faster|increase[sd]?|cut|cuts|save[sd]?|saving|reduce[sd]?|boost(?:ed|s)?|grow(?:s|th)?|doubl\\w*|tripl\\w*|results?|roi|pipeline|revenue|replies|meetings|ramp(?:ed)?|payback|quota)\\b");

    private MetricExtractor() {
    }

    public static List<Metric> find(String text) {
        return find(text, TextScan.of(text));
    }

    /**
     * @param scan the text's {@link TextScan}, which rules share
     */
    public static List<Metric> find(String text, TextScan scan) {
        String original = text;
        if (!scan.isAscii()) {
            // Full-width and other scripts' digits ("３x", "٣x"), full-width x, % and currency signs
            // read as their ASCII forms; one character for one, so spans stay those of the original.
            String folded = foldCompatibility(text);
            if (!folded.equals(text)) {
                text = folded;
                scan = TextScan.of(folded);
            }
        }
        List<Metric> inWords = WordMetrics.find(text);
        List<Metric> inDigits = digits(original, text, scan);
        if (inWords.isEmpty()) {
            return inDigits;
        }
        List<Metric> all = new ArrayList<>(inDigits);
        for (Metric w : inWords) {
            if (all.stream().noneMatch(d -> d.start() < w.end() && w.start() < d.end())) {
                all.add(new Metric(original.substring(w.start(), w.end()), w.key(), w.start(), w.end()));
            }
        }
        all.sort(java.util.Comparator.comparingInt(Metric::start));
        return all;
    }

    /** {@code text} with compatibility digits and signs replaced one for one by ASCII (or itself). */
    static String foldCompatibility(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = c;
            if (c >= '\uFF10' && c <= '\uFF19') {
                f = (char) ('0' + (c - '\uFF10')); // full-width digits
            } else if (c > 127 && Character.isDigit(c) && Character.digit(c, 10) >= 0) {
                f = (char) ('0' + Character.digit(c, 10)); // Arabic-Indic, Devanagari… digits
            } else if (c == '\uFF58' || c == '\uFF38') {
                f = 'x';
            } else if (c == '\uFF05') {
                f = '%';
            } else if (c == '\uFF04') {
                f = '$';
            } else if (c == '\uFF0E') {
                f = '.';
            } else if (c == '\uFF0C') {
                f = ',';
            }
            if (f != c) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? text : new String(out);
    }

    private static List<Metric> digits(String original, String text, TextScan scan) {
        if (scan.digitRunCount() == 0) {
            return List.of();
        }
        List<Metric> metrics = new ArrayList<>(2);
        // Every metric contains a digit. For each run of digits, try the pattern only where a metric
        // can start: a currency sign just before it, "in"/"within" a few words before it, or the
        // digits themselves. The cost follows the numbers in the text, not its length.
        Matcher m = null;
        int n = text.length();
        int next = 0;
        for (int k = 0; k < scan.digitRunCount(); k++) {
            int i = scan.digitRunStart(k);
            if (i < next) {
                continue; // inside "1,000.5" or a metric already found
            }
            int runEnd = i;
            while (runEnd < n && (Character.isDigit(text.charAt(runEnd)) || text.charAt(runEnd) == ',' || text.charAt(runEnd) == '.')) {
                runEnd++;
            }
            int done = next;
            for (int start : candidateStarts(text, i, done)) {
                if (m == null) {
                    m = METRIC.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(start, n);
                if (m.lookingAt() && m.end() > i) {
                    if (!isExcluded(text, m)) {
                        metrics.add(new Metric(original.substring(m.start(), m.end()), keyOf(m), m.start(), m.end()));
                    }
                    done = m.end();
                    break;
                }
            }
            next = Math.max(runEnd, done);
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
        int duration = durationCue(text, Math.max(floor, digit - 28), digit);
        if (duration >= 0 && currency >= 0) {
            return duration < currency ? new int[] {duration, currency, digit} : new int[] {currency, duration, digit};
        }
        if (duration >= 0) {
            return new int[] {duration, digit};
        }
        return currency >= 0 ? new int[] {currency, digit} : new int[] {digit};
    }

    /** The closest "in " or "within " that starts a word in [from, to), or -1: where a promised duration would begin. */
    private static int durationCue(String text, int from, int to) {
        for (int p = to - 3; p >= from; p--) {
            char c = text.charAt(p);
            if (c != 'i' && c != 'I' && c != 'w' && c != 'W') {
                continue;
            }
            boolean word = p == 0 || !Character.isLetter(text.charAt(p - 1));
            if (word && (text.regionMatches(true, p, "in ", 0, 3)
                    || (p + 7 <= to && text.regionMatches(true, p, "within ", 0, 7)))) {
                return p;
            }
        }
        return -1;
    }

    // The context checks run on regions of the text (opaque bounds: the region's edges act as the
    // text's ends), which spares a substring per check.
    private static boolean isExcluded(String text, Matcher m) {
        int afterEnd = Math.min(text.length(), m.end() + 30);
        if ((m.start(CUR) >= 0 || m.start(AMT2) >= 0)
                && (FUNDING_BEFORE.matcher(text).region(Math.max(0, m.start() - 40), m.start()).find()
                || FUNDING_AFTER.matcher(text).region(m.end(), afterEnd).lookingAt())) {
            return true;
        }
        if (m.start(MULT) >= 0 && FREQUENCY_AFTER.matcher(text).region(m.end(), afterEnd).lookingAt()) {
            return true;
        }
        if (m.start(PCT) >= 0 && IDIOM_AFTER.matcher(text).region(m.end(), afterEnd).lookingAt()) {
            return true;
        }
        if (m.start(DUR) >= 0) {
            int from = m.start();
            while (from > 0 && ".!?\n".indexOf(text.charAt(from - 1)) < 0) {
                from--;
            }
            int to = m.end();
            while (to < text.length() && ".!?\n".indexOf(text.charAt(to)) < 0) {
                to++;
            }
            return !RESULT_CUE.matcher(text).region(from, to).find();
        }
        return false;
    }

    /** The number of a named group of {@link #METRIC}: its capturing groups are counted up to the name. */
    private static int groupNumber(String name) {
        String regex = METRIC.pattern();
        int number = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                boolean plain = i + 1 >= regex.length() || regex.charAt(i + 1) != '?';
                boolean named = regex.startsWith("?<", i + 1) && i + 3 < regex.length()
                        && regex.charAt(i + 3) != '=' && regex.charAt(i + 3) != '!';
                if (plain || named) {
                    number++;
                }
                if (named && regex.startsWith("?<" + name + ">", i + 1)) {
                    return number;
                }
            }
        }
        throw new IllegalStateException("no group " + name);
    }

    private static String keyOf(Matcher m) {
        if (m.start(DUR) >= 0) {
            return m.group(DUR) + Character.toLowerCase(m.group(UNIT).charAt(0))
                    + (m.group(UNIT).toLowerCase(Locale.ROOT).startsWith("mo") ? "o" : "");
        }
        if (m.start(MULT) >= 0) {
            return number(m.group(MULT)) + "x";
        }
        if (m.start(PCT) >= 0) {
            return number(m.group(PCT)) + "%";
        }
        if (m.start(CUR) >= 0) {
            return currency(m.group(CUR)) + number(m.group(AMT)) + scale(m.group(SCALE_1));
        }
        return currency(m.group(CUR2)) + number(m.group(AMT2)) + scale(m.group(SCALE2));
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
