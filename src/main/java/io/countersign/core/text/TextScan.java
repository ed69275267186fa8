package io.countersign.core.text;

import java.util.Arrays;

/**
 * What one pass over a text learned, shared by every rule so each can skip work that cannot find
 * anything: which ASCII characters occur, whether the text is pure ASCII, and where its runs of
 * ASCII digits start, plus the lower-cased bytes of an ASCII text, which is most of what
 * {@link NormalizedText} needs. Rules used to scan the whole message once each for these facts.
 */
public final class TextScan {

    private static final int[] NO_RUNS = new int[0];

    private final long low;
    private final long high;
    private final boolean ascii;
    private final int digits;
    private final int[] digitRuns;
    private final int runCount;
    private final byte[] asciiLower;

    private TextScan(long low, long high, boolean ascii, int digits, int[] digitRuns, int runCount, byte[] asciiLower) {
        this.asciiLower = asciiLower;
        this.low = low;
        this.high = high;
        this.ascii = ascii;
        this.digits = digits;
        this.digitRuns = digitRuns;
        this.runCount = runCount;
    }

    public static TextScan of(String text) {
        int n = text.length();
        long low = 0;
        long high = 0;
        boolean ascii = true;
        int digits = 0;
        int[] runs = NO_RUNS;
        int runCount = 0;
        boolean inRun = false;
        byte[] lower = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                ascii = false;
                inRun = false;
                continue;
            }
            // Java masks shift distances to six bits, so 1L << c is bit (c mod 64) for either word.
            if (c < 64) {
                low |= 1L << c;
            } else {
                high |= 1L << c;
            }
            lower[i] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            boolean digit = c >= '0' && c <= '9';
            if (digit) {
                digits++;
                if (!inRun) {
                    if (runCount == runs.length) {
                        runs = Arrays.copyOf(runs, Math.max(8, runCount * 2));
                    }
                    runs[runCount++] = i;
                }
            }
            inRun = digit;
        }
        return new TextScan(low, high, ascii, digits, runs, runCount, ascii ? lower : null);
    }

    /** Whether the ASCII character {@code c} occurs in the text. */
    public boolean contains(char c) {
        if (c >= 128) {
            throw new IllegalArgumentException("only ASCII characters are recorded");
        }
        return c < 64 ? (low & (1L << c)) != 0 : (high & (1L << c)) != 0;
    }

    /** Whether any of the ASCII characters in {@code chars} occurs in the text. */
    public boolean containsAny(String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (contains(chars.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text lower-cased (A-Z only), one byte per character, when it is pure ASCII; else null. Not a copy. */
    public byte[] asciiLower() {
        return asciiLower;
    }

    /** True when every character is ASCII. */
    public boolean isAscii() {
        return ascii;
    }

    /** How many ASCII digits the text holds. */
    public int digitCount() {
        return digits;
    }

    /** How many maximal runs of ASCII digits the text holds. */
    public int digitRunCount() {
        return runCount;
    }

    /** Index of the first digit of run {@code k}, runs in text order. */
    public int digitRunStart(int k) {
        if (k < 0 || k >= runCount) {
            throw new IndexOutOfBoundsException(k);
        }
        return digitRuns[k];
    }
}
