package io.countersign.core.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prefilter may only skip the regex engine when the pattern cannot match: checked on the
 * patterns users wrote that it once got wrong, and against RE2/J itself on random patterns and
 * random messages (a skipped message the pattern matches is a miss the policy never reports).
 */
class RequiredLiteralTest {

    @Test
    void countedRepetitionIsNotText() {
        assertEquals("", RequiredLiteral.of("\\$[0-9]{2}"), "the digits of {2} are no literal: \"$99\" must reach the regex");
        assertEquals("", RequiredLiteral.of("[0-9]{3}-[0-9]{4}"));
        assertEquals("", RequiredLiteral.of("(.*a){3}"));
        assertEquals("call ", RequiredLiteral.of("call [0-9]{3,}"));
        assertEquals("ab", RequiredLiteral.of("abc{2}"), "the repeated c is not required as written, ab is");
        assertEquals("a", RequiredLiteral.of("a{b"), "a brace without a count is an ordinary character and ends the piece");
    }

    @Test
    void classesAreSkippedWhole() {
        assertEquals("", RequiredLiteral.of("[]a]"), "a leading ] is a member of the class");
        assertEquals("", RequiredLiteral.of("[^]a]"));
        assertEquals("", RequiredLiteral.of("[[:digit:]a]"));
        assertEquals("abc", RequiredLiteral.of("[)]abc"));
        assertEquals("", RequiredLiteral.of("[|]x|y"), "a bar in a class is no alternation, the one after it is");
        assertEquals("guaranteed ", RequiredLiteral.of("(?i)GUARANTEED [a-z]+"), "lower-cased: messages are matched folded");
    }

    @Test
    void neverSkipsAMessageThePatternMatches() {
        Random random = new Random(20261203);
        int checked = 0;
        for (int n = 0; n < 4_000; n++) {
            String regex = pattern(random, 0);
            if (random.nextInt(5) == 0) {
                regex = "(?i)" + regex.toUpperCase(java.util.Locale.ROOT).replace("\\D", "\\d").replace("\\S", "\\s");
            }
            Pattern compiled;
            try {
                compiled = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                continue;
            }
            String literal = RequiredLiteral.of(regex);
            for (int m = 0; m < 40; m++) {
                String text = text(random);
                if (compiled.matcher(text).find()) {
                    checked++;
                    assertTrue(text.contains(literal), "pattern " + regex + " matches \"" + text + "\" but the prefilter "
                            + "requires \"" + literal + "\"");
                }
            }
        }
        assertTrue(checked > 10_000, "enough matching messages to mean something: " + checked);
    }

    private static final String ALPHABET = "ab1 ,$-9";

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        int len = r.nextInt(12);
        for (int i = 0; i < len; i++) {
            s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String pattern(Random r, int depth) {
        StringBuilder s = new StringBuilder();
        int atoms = 1 + r.nextInt(4);
        for (int i = 0; i < atoms; i++) {
            s.append(atom(r, depth));
            switch (r.nextInt(9)) {
                case 0 -> s.append('*');
                case 1 -> s.append('+');
                case 2 -> s.append('?');
                case 3 -> s.append('{').append(r.nextInt(3)).append('}');
                case 4 -> s.append('{').append(r.nextInt(2)).append(',').append(r.nextBoolean() ? "" : "2").append('}');
                case 5 -> s.append(r.nextBoolean() ? "+?" : "*?");
                default -> { }
            }
        }
        if (depth == 0 && r.nextInt(6) == 0) {
            s.append('|').append(pattern(r, 1));
        }
        return s.toString();
    }

    private static String atom(Random r, int depth) {
        return switch (r.nextInt(depth < 2 ? 12 : 9)) {
            case 0, 1, 2, 3 -> String.valueOf("ab1 ,9".charAt(r.nextInt(6)));
            case 4 -> new String[]{"[ab]", "[]a]", "[^]a]", "[0-9]", "[[:digit:]]", "[^ ]", "[$-]", "[|]"}[r.nextInt(8)];
            case 5 -> new String[]{"\\d", "\\s", "\\$", "\\b", "\\-", "\\D", "\\S"}[r.nextInt(7)];
            case 6 -> new String[]{".", "^", "$", "-"}[r.nextInt(4)];
            case 7 -> "{" + (r.nextBoolean() ? "a" : ""); // a brace that starts no count is a character
            case 8 -> "a";
            default -> "(" + (r.nextBoolean() ? "?:" : "") + pattern(r, depth + 1) + (r.nextBoolean() ? "|" + pattern(r, depth + 1) : "") + ")";
        };
    }
}
