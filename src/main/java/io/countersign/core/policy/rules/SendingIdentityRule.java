package io.countersign.core.policy.rules;

import io.countersign.core.identity.Identity;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.RuleType;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The draft's sending identity must not be paused: a paused mailbox or LinkedIn account sends
 * nothing, so its drafts cannot be approved until it is resumed. (Drafts naming an identity the
 * workspace does not know are not flagged yet.)
 */
public final class SendingIdentityRule implements PolicyRule {

    public static final String ID = "sending-identity";

    public static final RuleType TYPE = RuleType.of(ID, Set.of(), Severity.BLOCK, s -> new SendingIdentityRule(s.severity()));

    private final Severity severity;

    public SendingIdentityRule(Severity severity) {
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        String id = input.draft().identityId();
        Optional<Identity> identity = input.context().identities().find(id);
        if (identity.isEmpty() || !identity.get().paused()) {
            return List.of();
        }
        Identity i = identity.get();
        return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                "Sending identity " + id + " is paused: " + i.stateReason() + (i.stateBy().isEmpty() ? "" : " (by " + i.stateBy() + ")"),
                List.of(Fix.advice("Resume the identity (countersign identities resume " + id + ") or reject this draft"))));
    }
}
