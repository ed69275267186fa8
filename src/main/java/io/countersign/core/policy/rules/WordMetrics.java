package io.countersign.core.policy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Performance claims written in words, which need evidence just as "3x" does: "three times more
 * pipeline", "twice as many replies", "triple your replies", "tenfold", "10-fold", "forty percent",
 * "40 pct", "half the cost", "cut … in half", "double-digit growth", "a million saved", "two million
 * dollars", "5:1 ROI", "3-to-1 return". Each gets the key its figure would have ("3x", "40%",
 * "50%", "$2m", "5:1", "double-digit"), so a claim entry stating the same figure in digits or in
 * words covers it. Frequencies ("three times a week", "twice a month") are not claims.
 */
final class WordMetrics {

    private WordMetrics() {
    }

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20),
            Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60),
            Map.entry("seventy", 70), Map.entry("eighty", 80), Map.entry("ninety", 90), Map.entry("hundred", 100),
            Map.entry("a hundred", 100), Map.entry("one hundred", 100));

    private static final String WORD_NUMBER = "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
            + "(?:one|two|three|four|five|six|seven|eight|nine)|a hundred|one hundred|one|two|three|four|five|six|seven|eight|nine|ten"
            + "|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)";
    private static final String NUM = "(?:" + WORD_NUMBER + "|\\d+(?:\\.\\d+)?)";

    private static final Pattern TIMES = Pattern.compile("\\b(?<n>" + NUM + ")\\s+times\\s+(?:more|faster|higher|greater|better"
            + "|bigger|larger|the\\b|as\\s+(?:many|much|fast|likely|often|quickly))");
    private static final Pattern TWICE = Pattern.compile("\\btwice\\s+(?:as\\s+(?:many|much|fast|likely|quickly|often)|the\\s+"
            + "(?:pipeline|revenue|replies|meetings|results|output|rate|number|growth|leads|deals|conversion))\\b");
    private static final Pattern MULTIPLY = Pattern.compile("\\b(?<m>double|triple|quadruple|quintuple)(?:[sd]|ing)?\\s+"
            + "(?:your|their|its|the|our|his|her)\\b");
    private static final Pattern FOLD = Pattern.compile("\\b(?<n>" + NUM + ")[- ]?fold\\b");
    private static final Pattern PERCENT = Pattern.compile("\\b(?<n>" + WORD_NUMBER + ")\\s+(?:percent|per\\s+cent|pct)\\b"
            + "|(?<![\\w.,])(?<d>\\d+(?:\\.\\d+)?)\\s?pct\\b");
    private static final Pattern HALF = Pattern.compile("\\bhalf\\s+the\\s+(?:cost|price|time|effort|spend|budget|headcount)\\b"
            + "|\\bcut\\s+(?:[\\w']+\\s+){0,3}?in\\s+half\\b|\\bhalve[sd]?\\s+(?:your|the|their)\\b");
    private static final Pattern DIGIT_GROWTH = Pattern.compile("\\b(?:double|triple)[- ]digit\\s+(?:growth|increase|gains?"
            + "|improvement|lift|uplift|returns?)\\b");
    private static final Pattern MONEY = Pattern.compile("\\b(?<n>a|" + NUM + ")\\s+(?<s>thousand|million|billion)\\s+"
            + "(?<c>dollars|euros|pounds|saved|in\\s+savings)\\b");
    private static final Pattern RATIO = Pattern.compile("(?<![\\w.,])(?<n>\\d+(?:\\.\\d+)?)\\s?(?::|-to-|\\s+to\\s+)\\s?1\\s+"
            + "(?:roi|return|returns)\\b|\\b(?:roi|return)\\s+of\\s+(?<n2>\\d+(?:\\.\\d+)?)\\s?(?::|-to-|\\s+to\\s+)\\s?1(?![\\d.])");

    /** Words at least one claim in words contains; a message with none of them is not read further. */
    private static final String[] CUES = {"times", "twice", "doubl", "tripl", "quadrupl", "quintupl", "fold", "percent",
            "per cent", "pct", "half", "halve", "digit", "thousand", "million", "billion", "to 1", "to-1", ":1"};

    static List<MetricExtractor.Metric> find(String original) {
        String text = original.toLowerCase(Locale.ROOT);
        if (text.length() != original.length()) {
            return List.of(); // a case mapping that changes lengths: spans would not line up (no claim words are affected)
        }
        boolean cue = false;
        for (String c : CUES) {
            if (text.contains(c)) {
                cue = true;
                break;
            }
        }
        if (!cue) {
            return List.of();
        }
        List<MetricExtractor.Metric> out = new ArrayList<>(1);
        add(out, original, TIMES.matcher(text), m -> number(m.group("n")) + "x");
        add(out, original, TWICE.matcher(text), m -> "2x");
        add(out, original, MULTIPLY.matcher(text), m -> switch (m.group("m")) {
            case "double" -> "2x";
            case "triple" -> "3x";
            case "quadruple" -> "4x";
            default -> "5x";
        });
        add(out, original, FOLD.matcher(text), m -> number(m.group("n")) + "x");
        add(out, original, PERCENT.matcher(text), m -> (m.group("n") != null ? number(m.group("n")) : number(m.group("d"))) + "%");
        add(out, original, HALF.matcher(text), m -> "50%");
        add(out, original, DIGIT_GROWTH.matcher(text), m -> m.group().startsWith("triple") ? "triple-digit" : "double-digit");
        add(out, original, MONEY.matcher(text), m -> {
            String c = m.group("c");
            String currency = c.startsWith("euro") ? "€" : c.startsWith("pound") ? "£" : "$";
            String n = m.group("n").equals("a") ? "1" : number(m.group("n"));
            return currency + n + switch (m.group("s")) {
                case "thousand" -> "k";
                case "million" -> "m";
                default -> "b";
            };
        });
        add(out, original, RATIO.matcher(text), m -> (m.group("n") != null ? number(m.group("n")) : number(m.group("n2"))) + ":1");
        out.sort(java.util.Comparator.comparingInt(MetricExtractor.Metric::start));
        return out;
    }

    private static void add(List<MetricExtractor.Metric> out, String original, Matcher m,
                            java.util.function.Function<Matcher, String> key) {
        while (m.find()) {
            int s = m.start();
            int e = m.end();
            if (out.stream().noneMatch(x -> x.start() < e && s < x.end())) {
                out.add(new MetricExtractor.Metric(original.substring(s, e), key.apply(m), s, e));
            }
        }
    }

    /** "forty" → "40", "twenty-five" → "25", "2.50" → "2.5". */
    static String number(String raw) {
        String w = raw.strip();
        Integer n = NUMBERS.get(w);
        if (n != null) {
            return String.valueOf(n);
        }
        String[] parts = w.split("[- ]");
        if (parts.length == 2 && NUMBERS.containsKey(parts[0]) && NUMBERS.containsKey(parts[1])) {
            return String.valueOf(NUMBERS.get(parts[0]) + NUMBERS.get(parts[1]));
        }
        String plain = w.replace(",", "");
        if (plain.contains(".")) {
            plain = plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return plain;
    }
}
