package io.countersign.core.text;

import java.util.Arrays;

/**
 * The word tokens of a normalized text as parallel arrays (start, end, hash), computed once per
 * message and shared by every phrase rule. No token strings are allocated: lookups compare
 * character ranges, and each hash equals {@link String#hashCode()} of the token's text.
 */
public final class Tokens {

    private final String text;
    private int[] start;
    private int[] end;
    private int[] hash;
    private int size;

    private Tokens(String text, int capacity) {
        this.text = text;
        this.start = new int[capacity];
        this.end = new int[capacity];
        this.hash = new int[capacity];
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = isAsciiWord(c);
        }
    }

    /**
     * Tokenizes normalized text; {@code asciiBytes}, when not null, hold the same characters as
     * bytes (pure ASCII text), which are read instead of the string: the common case, made cheap.
     */
    public static Tokens of(String normalized, byte[] asciiBytes) {
        if (asciiBytes == null || asciiBytes.length != normalized.length()) {
            return of(normalized);
        }
        byte[] b = asciiBytes;
        int n = b.length;
        Tokens t = new Tokens(normalized, n / 4 + 8);
        int i = 0;
        while (i < n) {
            int c = b[i];
            if (ASCII_WORD[c]) {
                int s = i++;
                int h = c;
                while (i < n && ASCII_WORD[b[i]]) {
                    h = 31 * h + b[i];
                    i++;
                }
                t.add(s, i, h);
            } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '-' || c == '\f') {
                i++;
            } else {
                t.add(i, i + 1, c);
                i++;
            }
        }
        return t;
    }

    /** Tokenizes normalized text with the rules of {@link WordTokenizer}. */
    public static Tokens of(String normalized) {
        Tokens t = new Tokens(normalized, normalized.length() / 4 + 8); // words and punctuation: about one token per 4-5 characters
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            char c = normalized.charAt(i);
            if (c < 0x80) {
                if (isAsciiWord(c)) {
                    // Hash as we go (String.hashCode's formula), so the word is read once.
                    int s = i++;
                    int h = c;
                    while (i < n) {
                        char d = normalized.charAt(i);
                        if (isAsciiWord(d)) {
                            h = 31 * h + d;
                            i++;
                        } else if (d >= 0x80 && WordTokenizer.isWordPart(normalized.codePointAt(i))) {
                            int w = Character.charCount(normalized.codePointAt(i));
                            for (int k = 0; k < w; k++) {
                                h = 31 * h + normalized.charAt(i + k);
                            }
                            i += w;
                        } else {
                            break;
                        }
                    }
                    t.add(s, i, h);
                } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '-' || c == '\f') {
                    i++;
                } else {
                    t.add(i, i + 1, c);
                    i++;
                }
                continue;
            }
            int cp = normalized.codePointAt(i);
            int width = Character.charCount(cp);
            if (WordTokenizer.isWordPart(cp)) {
                int s = i;
                i += width;
                while (i < n) {
                    int next = normalized.codePointAt(i);
                    if (!WordTokenizer.isWordPart(next)) {
                        break;
                    }
                    i += Character.charCount(next);
                }
                t.add(s, i);
            } else if (WordTokenizer.isSeparator(cp) || WordTokenizer.isInvisible(cp)) {
                i += width;
            } else {
                t.add(i, i + width);
                i += width;
            }
        }
        return t;
    }

    private static boolean isAsciiWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    }

    private void add(int s, int e) {
        int h = 0;
        for (int k = s; k < e; k++) {
            h = 31 * h + text.charAt(k);
        }
        add(s, e, h);
    }

    private void add(int s, int e, int h) {
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
            hash = Arrays.copyOf(hash, size * 2);
        }
        start[size] = s;
        end[size] = e;
        hash[size] = h;
        size++;
    }

    public String text() {
        return text;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return start[i];
    }

    public int end(int i) {
        return end[i];
    }

    public int hash(int i) {
        return hash[i];
    }

    /** Whether token {@code i} is exactly {@code word}. */
    public boolean is(int i, String word) {
        int len = end[i] - start[i];
        return len == word.length() && hash[i] == word.hashCode() && text.regionMatches(start[i], word, 0, len);
    }

    /** Whether token {@code i} here is the same word as token {@code k} of {@code other}. */
    public boolean sameWord(int i, Tokens other, int k) {
        int len = end[i] - start[i];
        return len == other.end[k] - other.start[k] && hash[i] == other.hash[k]
                && text.regionMatches(start[i], other.text, other.start[k], len);
    }

    public String word(int i) {
        return text.substring(start[i], end[i]);
    }
}
