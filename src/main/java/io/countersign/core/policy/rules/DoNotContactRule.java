package io.countersign.core.policy.rules;

import java.util.Set;

import io.countersign.core.policy.RuleType;

import io.countersign.core.contact.ContactHistory;
import io.countersign.core.contact.Suppression;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Do not contact: leads on the suppression list (unsubscribed, asked to stop, or listed by email,
 * domain, company or LinkedIn URL) on any channel, and leads already contacted by any identity in
 * the last N days, with the earlier message named.
 */
public final class DoNotContactRule implements PolicyRule {

    public static final String ID = "do-not-contact";

    /** {@code recontact-days}: how long after an approved message the same lead may not be written to again. */
    public static final RuleType TYPE = RuleType.of(ID, Set.of("recontact-days"), Severity.BLOCK,
            s -> new DoNotContactRule(s.severity(), s.integer("recontact-days", 30)));

    private final Severity severity;
    private final int recontactDays;

    public DoNotContactRule(Severity severity, int recontactDays) {
        this.severity = severity;
        this.recontactDays = recontactDays;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        var context = input.context();
        // "Now" is the context's clock: the present, or the moment of a decision being replayed.
        Instant now = context.clock().instant();
        Optional<Suppression> suppressed = context.suppressions().match(input.draft().lead(), now);
        suppressed.ifPresent(s -> findings.add(new Finding(ID, severity, TextField.BODY, 0, 0,
                "Lead is on the do-not-contact list: " + s.describe(),
                List.of(Fix.advice("Reject this draft; the lead must not be contacted on any channel")))));
        if (recontactDays > 0) {
            Optional<ContactHistory.Contact> last = context.history().lastContact(input.draft().lead(),
                    now.minus(Duration.ofDays(recontactDays)), now, input.draft().id());
            last.ifPresent(c -> findings.add(new Finding(ID, severity, TextField.BODY, 0, 0,
                    "Already contacted " + ago(c.at(), now) + " by " + c.identityId() + " on " + c.channel()
                            + " (draft " + c.draftId() + "); wait " + recontactDays + " days between contacts",
                    List.of(Fix.advice("Reject or hold this draft until the re-contact window has passed")))));
        }
        return findings;
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes <= 1 ? "just now" : minutes + " minutes ago";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours == 1 ? "1 hour ago" : hours + " hours ago";
        }
        long days = hours / 24;
        return days == 1 ? "1 day ago" : days + " days ago";
    }
}
