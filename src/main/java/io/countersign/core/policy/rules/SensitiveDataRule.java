package io.countersign.core.policy.rules;

import io.countersign.core.text.PhraseMatcher;

import io.countersign.core.policy.RuleType;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.text.NormalizedText;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import io.countersign.core.text.TextScan;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal or sensitive data in outbound text: phone numbers, personal email addresses, payment
 * card numbers (Luhn-checked), IBANs (mod-97-checked), and health or financial-status terms.
 * Each kind has its own severity, so a card number can block while a phone number asks for review.
 */
public final class SensitiveDataRule implements PolicyRule {

    public static final String ID = "sensitive-data";

    static final List<String> DEFAULT_PERSONAL_DOMAINS = List.of("gmail", "googlemail", "yahoo", "hotmail",
            "outlook", "live", "aol", "icloud", "me.com", "proton", "protonmail", "gmx", "web.de", "mail.ru", "yandex");

    public static final RuleType TYPE = RuleType.of(ID, Set.of("phone", "personal-email", "card", "iban", "terms-severity",
            "personal-email-domains", "terms", "terms-file"), Severity.BLOCK, s -> {
                List<String> terms = new java.util.ArrayList<>(s.strings("terms"));
                terms.addAll(s.wordFile("terms-file"));
                return new SensitiveDataRule(new Severities(
                        s.severity("phone", Severity.REQUIRE_APPROVAL),
                        s.severity("personal-email", Severity.REQUIRE_APPROVAL),
                        s.severity("card", Severity.BLOCK),
                        s.severity("iban", Severity.BLOCK),
                        s.severity("terms-severity", s.severity())),
                        s.strings("personal-email-domains", DEFAULT_PERSONAL_DOMAINS), terms);
            });

    /** Severity per kind; null switches that kind off. */
    public record Severities(Severity phone, Severity personalEmail, Severity card, Severity iban, Severity terms) {
    }

    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d ().-]{7,18}\\d(?![\\w])");
    private static final Pattern EMAIL = Pattern.compile("(?i)\\b[\\w.+-]+@([a-z0-9-]+(?:\\.[a-z0-9-]+)+)\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ .-]?\\d){12,18}(?![\\d-])");
    /** Any case, grouped by spaces, dots or dashes ("de89 3704.0044-0532 0130 00"); the check digits decide. */
    private static final Pattern IBAN = Pattern.compile("(?i)\\b[A-Z]{2}\\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,3})?\\b");
    /** A dotted IPv4 address is not a phone number. */
    private static final Pattern IPV4 = Pattern.compile("(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}");

    private final Severities severities;
    private final Set<String> personalDomains;
    private final PhraseMatcher terms;

    public SensitiveDataRule(Severities severities, List<String> personalEmailDomains, List<String> sensitiveTerms) {
        this.severities = severities;
        this.personalDomains = Set.copyOf(personalEmailDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        this.terms = PhraseMatcher.of(sensitiveTerms.stream().map(t -> NormalizedText.of(t).text()).toList());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        String body = input.body();
        TextScan scan = input.scan(TextField.BODY);
        if (severities.iban() != null) {
            // An IBAN starts with two letters right before a run of digits; only runs are looked at.
            int floor = 0;
            for (int k = 0; k < scan.digitRunCount(); k++) {
                int at = scan.digitRunStart(k) - 2;
                if (at < floor || !ibanStartsAt(body, at)) {
                    continue;
                }
                Matcher m = IBAN.matcher(body).useTransparentBounds(true).region(at, body.length());
                if (m.lookingAt() && ibanValid(m.group()) && !covered(findings, m.start(), m.end())) {
                    findings.add(finding(severities.iban(), m.start(), m.end(), "Bank account number (IBAN)"));
                    floor = m.end() + 1;
                }
            }
        }
        // Cards and phone numbers live in clusters of digits and separators with at least 9 digits;
        // find those first so the regexes only ever see a few short regions.
        List<int[]> clusters = scan.digitCount() < 9 ? List.of() : numberClusters(body);
        for (int[] cluster : clusters) {
            if (severities.card() != null) {
                Matcher m = CARD.matcher(body).useTransparentBounds(true).region(cluster[0], cluster[1]);
                while (m.find()) {
                    String d = m.group().replaceAll("[ .-]", "");
                    if (d.length() >= 13 && d.length() <= 19 && luhn(d) && !covered(findings, m.start(), m.end())) {
                        findings.add(finding(severities.card(), m.start(), m.end(), "Payment card number"));
                    }
                }
            }
            if (severities.phone() != null) {
                Matcher m = PHONE.matcher(body).useTransparentBounds(true).region(cluster[0], cluster[1]);
                while (m.find()) {
                    String g = m.group();
                    int n = g.replaceAll("\\D", "").length();
                    if (n >= 9 && n <= 15 && !DATE_LIKE.matcher(g).matches() && !IPV4.matcher(g.strip()).matches()
                            && !covered(findings, m.start(), m.end())) {
                        findings.add(finding(severities.phone(), m.start(), m.end(), "Phone number"));
                    }
                }
            }
        }
        if (severities.personalEmail() != null && body.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(body);
            while (m.find()) {
                String domain = m.group(1).toLowerCase(Locale.ROOT);
                String root = domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain;
                if (personalDomains.contains(domain) || personalDomains.contains(root)) {
                    findings.add(finding(severities.personalEmail(), m.start(), m.end(), "Personal email address"));
                }
            }
        }
        if (severities.terms() != null && !terms.isEmpty()) {
            NormalizedText nt = input.normalized(TextField.BODY);
            for (PhraseMatcher.Match t : terms.findIn(input.tokens(TextField.BODY))) {
                int start = nt.originalStart(t.start());
                int end = nt.originalEnd(t.end());
                findings.add(finding(severities.terms(), start, end,
                        "Health or financial-status term \u201c" + body.substring(start, end) + "\u201d"));
            }
        }
        findings.sort(java.util.Comparator.comparingInt(Finding::start));
        return findings;
    }

    private static Finding finding(Severity severity, int start, int end, String what) {
        return new Finding(ID, severity, TextField.BODY, start, end, what + " in outbound text",
                List.of(Fix.replaceWith("Remove it", "")));
    }

    private static boolean covered(List<Finding> findings, int start, int end) {
        return findings.stream().anyMatch(f -> f.start() < end && start < f.end());
    }

    /** [start, end) of each run of digits, spaces and ()+.- that holds at least 9 digits. */
    static List<int[]> numberClusters(String s) {
        List<int[]> clusters = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '+' && c != '(') {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int lastDigit = i;
            while (i < n) {
                char d = s.charAt(i);
                if (d >= '0' && d <= '9') {
                    digits++;
                    lastDigit = i;
                } else if (d != ' ' && d != '(' && d != ')' && d != '.' && d != '-' && d != '+') {
                    break;
                }
                i++;
            }
            if (digits >= 9) {
                clusters.add(new int[] {start, lastDigit + 1});
            }
            if (i == start) {
                i++;
            }
        }
        return clusters;
    }

    /** Whether an IBAN's country and check digits (two letters of any case, two digits) start at {@code i} after a word boundary. */
    private static boolean ibanStartsAt(String s, int i) {
        return i >= 0 && i + 3 < s.length()
                && isAsciiLetter(s.charAt(i)) && isAsciiLetter(s.charAt(i + 1))
                && isDigit(s.charAt(i + 2)) && isDigit(s.charAt(i + 3))
                && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    static boolean ibanValid(String raw) {
        String iban = raw.replaceAll("[ .-]", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
