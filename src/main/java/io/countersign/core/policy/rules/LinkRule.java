package io.countersign.core.policy.rules;

import io.countersign.core.policy.RuleType;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links in outbound text: https only, allowlisted domains only (subdomains included), no URL
 * shorteners (they hide the destination), no raw IP addresses, and at most a set number of links.
 */
public final class LinkRule implements PolicyRule {

    public static final String ID = "links";

    static final List<String> DEFAULT_SHORTENERS = List.of("bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly",
            "buff.ly", "is.gd", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "rb.gy", "t.ly", "lnkd.in");

    public static final RuleType TYPE = RuleType.of(ID, Set.of("allowed-domains", "shorteners", "max-links"), Severity.BLOCK,
            s -> new LinkRule(s.severity(), s.strings("allowed-domains"), s.strings("shorteners", DEFAULT_SHORTENERS),
                    s.integer("max-links", 3)));

    // Only for scheme-less links such as "bit.ly/x"; http(s) and www. links are found by a plain scan.
    private static final Pattern BARE_LINK = Pattern.compile(
            "(?i)\\b(?:[a-z0-9-]+\\.)+[a-z]{2,12}/[^\\s<>\"'`]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private final Severity severity;
    private final Set<String> allowedDomains;
    private final Set<String> shorteners;
    private final int maxLinks;

    public LinkRule(Severity severity, List<String> allowedDomains, List<String> shorteners, int maxLinks) {
        this.severity = severity;
        this.allowedDomains = lower(allowedDomains);
        this.shorteners = lower(shorteners);
        this.maxLinks = maxLinks;
    }

    private static Set<String> lower(List<String> values) {
        return Set.copyOf(values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        String body = input.body();
        var scan = input.scan(TextField.BODY);
        if (!scan.contains('.')) {
            return findings; // every link has a dot in its host
        }
        var normalized = input.normalized(TextField.BODY);
        String lower = normalized.isIndexPreserving() ? normalized.text() : asciiLower(body);
        if (!mayHoldLink(lower, scan.contains('/'))) {
            return findings;
        }
        List<int[]> links = findLinks(body, lower, scan.contains('/'));
        int count = 0;
        for (int[] span : links) {
            int end = trimEnd(body, span[0], span[1]);
            String link = body.substring(span[0], end);
            count++;
            String problem = problem(link);
            if (problem == null && count > maxLinks) {
                problem = "More than " + maxLinks + (maxLinks == 1 ? " link" : " links") + " in one message";
            }
            if (problem != null) {
                findings.add(new Finding(ID, severity, TextField.BODY, span[0], end, problem,
                        List.of(Fix.replaceWith("Remove the link", ""))));
            }
        }
        return findings;
    }

    /** Spans of links in order: http(s):// and www. links by scanning, bare shortener links by pattern. */
    private List<int[]> findLinks(String body, String lower, boolean hasSlash) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < lower.length()) {
            int http = lower.indexOf("http", i);
            int www = lower.indexOf("www.", i);
            int at = http < 0 ? www : www < 0 ? http : Math.min(http, www);
            if (at < 0) {
                break;
            }
            boolean boundary = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
            boolean scheme = lower.startsWith("http://", at) || lower.startsWith("https://", at);
            if (boundary && (scheme || lower.startsWith("www.", at))) {
                int end = at;
                while (end < body.length() && !Character.isWhitespace(body.charAt(end)) && "<>\"'`".indexOf(body.charAt(end)) < 0) {
                    end++;
                }
                spans.add(new int[] {at, end});
                i = end;
            } else {
                i = at + 4;
            }
        }
        if (hasSlash && containsShortener(lower)) {
            Matcher m = BARE_LINK.matcher(body);
            while (m.find()) {
                int start = m.start();
                if (spans.stream().noneMatch(sp -> start >= sp[0] && start < sp[1])) {
                    spans.add(new int[] {start, m.end()});
                }
            }
            spans.sort(java.util.Comparator.comparingInt(sp -> sp[0]));
        }
        return spans;
    }

    // Links start with http, www. or a known shortener host; skip the regex when none occurs.
    private boolean mayHoldLink(String lower, boolean hasSlash) {
        if (lower.contains("http") || lower.contains("www.")) {
            return true;
        }
        return hasSlash && containsShortener(lower);
    }

    // Some characters change length when lower-cased (İ); fold only ASCII so indices stay put.
    private static String asciiLower(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] += 32;
            }
        }
        return new String(out);
    }

    /** Whether some shortener host is followed by a slash ("bit.ly/"): checked at each slash, not per shortener over the whole text. */
    private boolean containsShortener(String lower) {
        for (int slash = lower.indexOf('/'); slash >= 0; slash = lower.indexOf('/', slash + 1)) {
            for (String host : shorteners) {
                if (slash >= host.length() && lower.startsWith(host, slash - host.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private String problem(String link) {
        String withScheme = link.regionMatches(true, 0, "http", 0, 4) ? link : "https://" + link;
        String host = Urls.host(withScheme);
        String scheme = Urls.scheme(withScheme);
        if (host.isBlank() || host.startsWith(".") || host.contains("..")) {
            return "Malformed link \u201c" + link + "\u201d";
        }
        if (host.startsWith("[") || (Character.isDigit(host.charAt(0)) && IPV4.matcher(host).matches())) {
            return "Link to a raw IP address (" + host + ")";
        }
        String bare = host.startsWith("www.") ? host.substring(4) : host;
        if (shorteners.contains(bare)) {
            return "URL shortener (" + bare + ") hides where the link goes";
        }
        if (!"https".equalsIgnoreCase(scheme)) {
            return "Link is not https";
        }
        if (!allowedDomains.isEmpty() && !isAllowed(bare)) {
            return "Link domain " + bare + " is not on the allowlist";
        }
        return null;
    }

    private boolean isAllowed(String host) {
        for (String domain : allowedDomains) {
            if (Urls.within(host, domain)) {
                return true;
            }
        }
        return false;
    }

    // Sentence punctuation after a link is not part of it.
    private static int trimEnd(String text, int start, int end) {
        while (end > start && ".,;:!?)]}".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }
}
