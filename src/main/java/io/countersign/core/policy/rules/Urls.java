package io.countersign.core.policy.rules;

import java.util.Locale;

/** Fast, allocation-light URL pieces for rules (java.net.URI is accurate but slow on the hot path). */
final class Urls {

    private Urls() {
    }

    /** The scheme in lower case ("https"), or "" when the text has none. */
    static String scheme(String url) {
        int colon = url.indexOf("://");
        if (colon <= 0) {
            return "";
        }
        for (int i = 0; i < colon; i++) {
            char c = url.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '.' && c != '-') {
                return "";
            }
        }
        return url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** The host in lower case, without user info or port; "" when there is none. IPv6 hosts keep their brackets. */
    static String host(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length()) {
            char c = url.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? "" : authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            authority = authority.substring(0, colon);
        }
        return authority.toLowerCase(Locale.ROOT);
    }

    /** Whether a host is {@code domain} or one of its subdomains. */
    static boolean within(String host, String domain) {
        int extra = host.length() - domain.length();
        return host.endsWith(domain) && (extra == 0 || (extra > 0 && host.charAt(extra - 1) == '.'));
    }
}
