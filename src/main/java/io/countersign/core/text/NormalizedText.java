package io.countersign.core.text;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The view of a text that rules match on, built so that cosmetic tricks cannot hide a phrase:
 * compatibility forms folded (NFKD; full-width letters, ligatures), accents and other combining
 * marks removed, case folded, zero-width and formatting characters (ZWSP, ZWJ, soft hyphen, bidi
 * controls) dropped, common homoglyphs (Cyrillic "а", Greek "ο"…) mapped to Latin, and spaced-out
 * words ("g u a r a n t e e d", "g.u.a.r.a.n.t.e.e.d") joined. Every normalized character remembers
 * the original characters it came from, so findings still point at the text the reviewer sees.
 */
public final class NormalizedText {

    private final String original;
    private final String text;
    private final int[] from;
    private final int[] to;

    private NormalizedText(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    public static NormalizedText of(String original) {
        return of(original, TextScan.of(original));
    }

    /** @param scan the scan of {@code original} (see {@link PolicyInput#scan}), reused rather than redone */
    public static NormalizedText of(String original, TextScan scan) {
        int n = original.length();
        byte[] lower = scan.asciiLower();
        if (lower != null && !mayHaveSpacedLetters(lower)) {
            // Pure ASCII (most outreach): the normalized text is the lower-cased text and every
            // character maps to itself, so no index arrays are needed unless letters get joined.
            return new NormalizedText(original, new String(lower, java.nio.charset.StandardCharsets.ISO_8859_1), null, null);
        }
        StringBuilder out = new StringBuilder(n);
        int[] from = new int[n + 8];
        int[] to = new int[n + 8];
        // The common case, all ASCII, needs no growth checks.
        int len = 0;
        for (int i = 0; i < n; ) {
            char c = original.charAt(i);
            if (c < 0x80) {
                // ASCII fast path: most outreach text never leaves it.
                char folded = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                if (len == from.length) {
                    from = Arrays.copyOf(from, len * 2 + 8);
                    to = Arrays.copyOf(to, len * 2 + 8);
                }
                out.append(folded);
                from[len] = i;
                to[len] = i + 1;
                len++;
                i++;
                continue;
            }
            int cp = original.codePointAt(i);
            int width = Character.charCount(cp);
            String mapped = fold(cp);
            if (mapped.isEmpty() && len > 0 && to[len - 1] == i && isMark(cp)) {
                // A combining mark belongs to the letter before it: a span ending there takes it
                // along, so removing a match leaves no stray accent on the next character.
                for (int k = len - 1; k >= 0 && to[k] == i; k--) {
                    to[k] = i + width;
                }
            }
            for (int k = 0; k < mapped.length(); k++) {
                if (len == from.length) {
                    from = Arrays.copyOf(from, len * 2 + 8);
                    to = Arrays.copyOf(to, len * 2 + 8);
                }
                out.append(mapped.charAt(k));
                from[len] = i;
                to[len] = i + width;
                len++;
            }
            i += width;
        }
        NormalizedText joined = joinSpacedLetters(original, out, from, to, len);
        return joined;
    }

    /** The folded form of one non-ASCII code point; empty for invisible characters and combining marks. */
    private static String fold(int cp) {
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK) {
            return "";
        }
        char homoglyph = Homoglyphs.latin(cp);
        if (homoglyph != 0) {
            return String.valueOf(homoglyph);
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(d -> {
            int t = Character.getType(d);
            if (t != Character.NON_SPACING_MARK && t != Character.ENCLOSING_MARK && t != Character.COMBINING_SPACING_MARK
                    && t != Character.FORMAT) {
                char h = Homoglyphs.latin(d);
                if (h != 0) {
                    sb.append(h);
                } else {
                    sb.append(new String(Character.toChars(d)).toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        return sb.toString();
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Joins runs of at least four single letters separated by one space, dot, dash or underscore:
     * "g u a r a n t e e d" becomes "guaranteed". Ordinary text ("a b test") is left alone.
     */
    private static NormalizedText joinSpacedLetters(String original, StringBuilder text, int[] from, int[] to, int len) {
        boolean[] drop = null;
        int i = 0;
        while (i < len) {
            if (isLetterAt(text, i, len) && !isLetterAt(text, i - 1, len) && !isLetterAt(text, i + 1, len)) {
                int end = i;
                int letters = 1;
                while (end + 2 < len && isSpacer(text.charAt(end + 1)) && isLetterAt(text, end + 2, len)
                        && !isLetterAt(text, end + 3, len)) {
                    end += 2;
                    letters++;
                }
                if (letters >= 4) {
                    if (drop == null) {
                        drop = new boolean[len];
                    }
                    for (int k = i + 1; k < end; k += 2) {
                        drop[k] = true;
                    }
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        if (drop == null) {
            return new NormalizedText(original, text.toString(), from, to);
        }
        StringBuilder sb = new StringBuilder(len);
        int[] f = new int[len];
        int[] t = new int[len];
        int m = 0;
        for (int k = 0; k < len; k++) {
            if (!drop[k]) {
                sb.append(text.charAt(k));
                f[m] = from[k];
                t[m] = to[k];
                m++;
            }
        }
        return new NormalizedText(original, sb.toString(), f, t);
    }

    private static boolean isLetterAt(CharSequence s, int i, int len) {
        if (i < 0 || i >= len) {
            return false;
        }
        char c = s.charAt(i);
        return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
    }

    private static boolean isSpacer(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '\u00a0';
    }

    /** True when every normalized character sits at the same index in the original (pure ASCII, nothing joined). */
    public boolean isIndexPreserving() {
        return from == null;
    }

    /** The normalized text rules match on. */
    public String text() {
        return text;
    }

    public String original() {
        return original;
    }

    /** Start in the original text of the normalized character at {@code index}. */
    public int originalStart(int index) {
        if (text.isEmpty()) {
            return 0;
        }
        if (index >= text.length()) {
            return original.length();
        }
        return from == null ? index : from[index];
    }

    /** End (exclusive) in the original text of a normalized span ending (exclusive) at {@code endIndex}. */
    public int originalEnd(int endIndex) {
        if (endIndex <= 0) {
            return originalStart(0);
        }
        int last = Math.min(endIndex, text.length()) - 1;
        return to == null ? last + 1 : to[last];
    }

    /** A letter standing alone followed by a spacer and another lone letter: "g u", "r.i" (lower-case ASCII). */
    private static boolean mayHaveSpacedLetters(byte[] t) {
        int n = t.length;
        for (int i = 1; i + 1 < n; i++) {
            byte b = t[i];
            if (b > '_') {
                continue; // every lower-case letter sorts above every spacer
            }
            if ((b == ' ' || b == '.' || b == '-' || b == '_') && isLower(t[i - 1]) && isLower(t[i + 1])
                    && (i < 2 || !isLower(t[i - 2])) && (i + 2 >= n || !isLower(t[i + 2]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLower(byte b) {
        return b >= 'a' && b <= 'z';
    }
}
