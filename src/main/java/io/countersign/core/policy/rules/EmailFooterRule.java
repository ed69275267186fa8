package io.countersign.core.policy.rules;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Channel;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CAN-SPAM footer: a commercial email must carry the sender's physical postal address and a way to
 * opt out. The finding sits at the end of the body, and its fix appends the missing line.
 */
public final class EmailFooterRule implements PolicyRule {

    public static final String ID = "email-footer";

    public static final RuleType TYPE = RuleType.of(ID, Set.of("sender-address", "unsubscribe-line"), Severity.BLOCK,
            s -> new EmailFooterRule(s.severity(), s.text("sender-address"), s.text("unsubscribe-line")));

    private static final Pattern UNSUBSCRIBE = Pattern.compile(
            "(?i)unsubscribe|opt[ -]?out|reply\\s+[\"“']?(?:stop|no|remove)[\"”']?|don't want to hear from");
    // A postal address: a house number with a street word, a PO box, or a ZIP / postcode line.
    private static final Pattern ADDRESS = Pattern.compile(
            "(?i)\\b\\d{1,5}\\s+[\\p{L} .'-]{2,40}\\b(?:street|st\\.?|avenue|ave\\.?|road|rd\\.?|boulevard|blvd\\.?|lane|ln\\.?|drive|dr\\.?|way|suite|strasse|straße|straat|rue)\\b"
            + "|\\bp\\.?\\s?o\\.?\\s+box\\s+\\d+"
            + "|\\b[A-Z]{2}\\s+\\d{5}(?:-\\d{4})?\\b");

    private final Severity severity;
    private final String senderAddress;
    private final String unsubscribeLine;

    /**
     * @param senderAddress   the postal address that must appear (empty: any address-like line will do)
     * @param unsubscribeLine the line the fix appends when the opt-out is missing
     */
    public EmailFooterRule(Severity severity, String senderAddress, String unsubscribeLine) {
        this.severity = severity;
        this.senderAddress = senderAddress == null ? "" : senderAddress.strip();
        this.unsubscribeLine = unsubscribeLine == null || unsubscribeLine.isBlank()
                ? "If you'd rather not hear from me, reply \"unsubscribe\"." : unsubscribeLine.strip();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        if (input.draft().channel() != Channel.EMAIL) {
            return List.of();
        }
        String body = input.body();
        int end = body.length();
        List<Finding> findings = new ArrayList<>();
        String lower = body.toLowerCase(Locale.ROOT);
        // Every form of ADDRESS needs a digit: a body without one is checked without the regex.
        boolean hasAddress = senderAddress.isEmpty()
                ? input.scan(TextField.BODY).digitCount() > 0 && ADDRESS.matcher(body).find()
                : lower.contains(senderAddress.toLowerCase(Locale.ROOT));
        if (!hasAddress) {
            List<Fix> fixes = senderAddress.isEmpty() ? List.of(Fix.advice("Add the sender's postal address to the footer"))
                    : List.of(Fix.replaceWith("Append the sender's address", "\n\n" + senderAddress));
            findings.add(new Finding(ID, severity, TextField.BODY, end, end,
                    "Email footer lacks the sender's physical address (CAN-SPAM)", fixes));
        }
        // UNSUBSCRIBE starts with one of these words; without any of them it cannot match.
        int from = firstOf(lower, "unsubscribe", "opt", "reply", "don't want");
        // In ASCII text the lower-cased indices are the body's, so the regex starts at the first candidate.
        if (from < 0 || !UNSUBSCRIBE.matcher(body).find(input.scan(TextField.BODY).isAscii() ? from : 0)) {
            findings.add(new Finding(ID, severity, TextField.BODY, end, end,
                    "Email lacks an unsubscribe line (CAN-SPAM)",
                    List.of(Fix.replaceWith("Append an unsubscribe line", "\n\n" + unsubscribeLine))));
        }
        return findings;
    }

    private static int firstOf(String text, String... words) {
        int first = -1;
        for (String w : words) {
            int i = text.indexOf(w);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }
}
