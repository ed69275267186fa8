package io.countersign.core.policy.rules;

import java.util.Locale;

/**
 * The longest piece of plain text that every match of a regular expression must contain, so the
 * regex engine only runs on messages that contain it. Conservative: any construct it does not
 * understand (top-level alternation, escapes, groups, classes) ends the literal, and an empty
 * result means "always run the pattern".
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
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean plain = depth == 0 && (Character.isLetterOrDigit(c) || c == ' ' || c == ',' || c == '\'');
            if (plain) {
                char next = i + 1 < p.length() ? p.charAt(i + 1) : 0;
                if (next == '*' || next == '?' || next == '{') {
                    best = longer(best, current);
                    current.setLength(0);
                    continue; // optional or repeated: not required as written
                }
                current.append(c);
                if (next == '+') {
                    best = longer(best, current);
                    current.setLength(0);
                }
                continue;
            }
            best = longer(best, current);
            current.setLength(0);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
        return longer(best, current).toLowerCase(Locale.ROOT);
    }

    private static String longer(String best, StringBuilder current) {
        String s = current.toString();
        return s.strip().length() > best.strip().length() ? s : best;
    }

    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
