package io.countersign.core.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds number-bearing performance claims in text: multipliers ("3x", "2.5×"), percentages
 * ("40%", "12 percent") and money ("$2M", "€500k", "1.2 million dollars"). Each metric gets a
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
            + "(?<cur2>usd|eur|gbp|dollars|euros|pounds)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private MetricExtractor() {
    }

    public static List<Metric> find(String text) {
        List<Metric> metrics = new ArrayList<>();
        if (!mayContainMetric(text)) {
            return metrics;
        }
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            metrics.add(new Metric(m.group(), keyOf(m), m.start(), m.end()));
        }
        return metrics;
    }

    // Cheap prefilter: every metric contains a digit.
    private static boolean mayContainMetric(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static String keyOf(Matcher m) {
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
