package io.countersign.core.policy.rules;

import java.util.Locale;

/**
 * The longest piece of plain text that every match of a regular expression must contain, so the
 * regex engine only runs on messages that contain it. Conservative: only literal characters outside
 * groups and classes count, a character that a quantifier makes optional or repeatable ends the
 * piece, and anything else (top-level alternation, escapes, groups, classes, flags other than a
 * leading {@code (?i)}) ends it too; an empty result means "always run the pattern".
 *
 * <p>Counted repetition ({@code {2}}, {@code {2,}}, {@code {1,3}}) is a quantifier, not text: its
 * digits are never part of a literal (they once were, so {@code \$[0-9]{2}} required a "2" and
 * never matched "$99"). A character class is skipped whole, including a leading {@code ]} or
 * {@code ^]} and POSIX names such as {@code [:digit:]}.
 */
final class RequiredLiteral {

    private RequiredLiteral() {
    }

    static String of(String pattern) {
        if (pattern.startsWith("(?") && !pattern.startsWith("(?i)") || hasTopLevelAlternation(pattern)) {
            return "";
        }
        String p = pattern.startsWith("(?i)") ? pattern.substring(4) : pattern;
        String best = "";
        StringBuilder current = new StringBuilder();
        int depth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '[') {
                best = longer(best, current);
                current.setLength(0);
                i = classEnd(p, i);
                continue;
            }
            if (c == '{' && repetitionEnd(p, i) > i) {
                best = longer(best, current);
                current.setLength(0);
                i = repetitionEnd(p, i);
                continue;
            }
            boolean plain = depth == 0 && (Character.isLetterOrDigit(c) || c == ' ' || c == ',' || c == '\'');
            if (plain) {
                char next = i + 1 < p.length() ? p.charAt(i + 1) : 0;
                if (next == '*' || next == '?' || next == '{' && repetitionEnd(p, i + 1) > i + 1) {
                    best = longer(best, current);
                    current.setLength(0);
                    i++;
                    continue; // optional or repeated: not required as written
                }
                current.append(c);
                if (next == '+') {
                    best = longer(best, current);
                    current.setLength(0);
                }
                i++;
                continue;
            }
            best = longer(best, current);
            current.setLength(0);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
            i++;
        }
        return longer(best, current).toLowerCase(Locale.ROOT);
    }

    /** The index just past a counted repetition starting at {@code open} ({@code {n}}, {@code {n,}}, {@code {n,m}}), or {@code open} if there is none. */
    static int repetitionEnd(String p, int open) {
        int i = open + 1;
        int digits = 0;
        while (i < p.length() && Character.isDigit(p.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return open; // "{" not followed by a count is an ordinary character
        }
        if (i < p.length() && p.charAt(i) == ',') {
            i++;
            while (i < p.length() && Character.isDigit(p.charAt(i))) {
                i++;
            }
        }
        return i < p.length() && p.charAt(i) == '}' ? i + 1 : open;
    }

    /** The index just past the character class opening at {@code open}; the end of the pattern if it is not closed. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++; // a leading "]" is a member, not the end
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int close = p.indexOf(":]", i + 2);
                i = close < 0 ? i + 1 : close + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return p.length();
    }

    private static String longer(String best, StringBuilder current) {
        String s = current.toString();
        return s.strip().length() > best.strip().length() ? s : best;
    }

    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                i = classEnd(p, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
            i++;
        }
        return false;
    }
}
