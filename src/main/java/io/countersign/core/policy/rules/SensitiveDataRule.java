package io.countersign.core.policy.rules;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.NormalizedText;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
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

    /** Severity per kind; null switches that kind off. */
    public record Severities(Severity phone, Severity personalEmail, Severity card, Severity iban, Severity terms) {
    }

    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d ().-]{7,18}\\d(?![\\w])");
    private static final Pattern EMAIL = Pattern.compile("(?i)\\b[\\w.+-]+@([a-z0-9-]+(?:\\.[a-z0-9-]+)+)\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}");

    private final Severities severities;
    private final Set<String> personalDomains;
    private final PhraseMatcher terms;

    public SensitiveDataRule(Severities severities, List<String> personalEmailDomains, List<String> sensitiveTerms) {
        this.severities = severities;
        this.personalDomains = Set.copyOf(personalEmailDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        this.terms = new PhraseMatcher(sensitiveTerms.stream().map(t -> NormalizedText.of(t).text()).toList());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        String body = input.body();
        boolean digits = hasDigits(body);
        if (digits && severities.card() != null) {
            Matcher m = CARD.matcher(body);
            while (m.find()) {
                String d = m.group().replaceAll("[ -]", "");
                if (d.length() >= 13 && d.length() <= 19 && luhn(d)) {
                    findings.add(finding(severities.card(), m.start(), m.end(), "Payment card number"));
                }
            }
        }
        if (digits && severities.iban() != null) {
            Matcher m = IBAN.matcher(body);
            while (m.find()) {
                if (ibanValid(m.group())) {
                    findings.add(finding(severities.iban(), m.start(), m.end(), "Bank account number (IBAN)"));
                }
            }
        }
        if (digits && severities.phone() != null) {
            Matcher m = PHONE.matcher(body);
            while (m.find()) {
                String g = m.group();
                int n = g.replaceAll("\\D", "").length();
                if (n >= 9 && n <= 15 && !DATE_LIKE.matcher(g).matches() && !covered(findings, m.start(), m.end())) {
                    findings.add(finding(severities.phone(), m.start(), m.end(), "Phone number"));
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
            for (PhraseMatcher.Match t : terms.find(nt.text())) {
                int start = nt.originalStart(t.start());
                int end = nt.originalEnd(t.end());
                findings.add(finding(severities.terms(), start, end,
                        "Health or financial-status term \u201c" + body.substring(start, end) + "\u201d"));
            }
        }
        return findings;
    }

    private static Finding finding(Severity severity, int start, int end, String what) {
        return new Finding(ID, severity, TextField.BODY, start, end, what + " in outbound text",
                List.of(Fix.replaceWith("Remove it", "")));
    }

    private static boolean covered(List<Finding> findings, int start, int end) {
        return findings.stream().anyMatch(f -> f.start() < end && start < f.end());
    }

    private static boolean hasDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
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
        String iban = raw.replace(" ", "");
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
