package io.countersign.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into case-folded tokens that keep their original spans. A token is a run of letters,
 * digits and combining marks, or a single symbol such as {@code #}, {@code %} or {@code $}.
 * Whitespace and dashes separate tokens without being tokens, so "risk-free" and "risk free"
 * tokenize alike, while "guarantee" never matches inside "guaranteed".
 */
public final class WordTokenizer {

    /** A token and where it sits in the original text (UTF-16 indices, end exclusive). */
    public record Token(String folded, int start, int end) {
    }

    private WordTokenizer() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isWordPart(cp)) {
                int start = i;
                i += width;
                while (i < n) {
                    int next = text.codePointAt(i);
                    if (!isWordPart(next) && !isInvisible(next)) {
                        break;
                    }
                    i += Character.charCount(next);
                }
                tokens.add(new Token(fold(text.substring(start, i)), start, i));
            } else if (isSeparator(cp) || isInvisible(cp)) {
                i += width;
            } else {
                tokens.add(new Token(text.substring(i, i + width), i, i + width));
                i += width;
            }
        }
        return tokens;
    }

    /** Case-folds a token; invisible characters inside words are dropped so they cannot split a match. */
    static String fold(String word) {
        boolean plain = true;
        for (int i = 0; i < word.length() && plain; i++) {
            plain = word.charAt(i) < 0x80;
        }
        if (plain) {
            return word.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(word.length());
        word.codePoints().filter(cp -> !isInvisible(cp)).forEach(sb::appendCodePoint);
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    static boolean isWordPart(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static boolean isSeparator(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.DASH_PUNCTUATION;
    }

    /** Zero-width and formatting characters (ZWSP, ZWJ, soft hyphen, bidi marks). */
    static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT;
    }
}
