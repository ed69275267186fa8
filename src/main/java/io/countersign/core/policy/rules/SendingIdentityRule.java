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
 * The draft's sending identity must exist in the workspace, send on the draft's channel and not be
 * paused: an unknown or paused mailbox or LinkedIn account sends nothing, so its drafts cannot be
 * approved until it is added or resumed. Without a workspace ({@code policy check} of a file) no
 * identity is known and nothing is flagged.
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
        if (identity.isEmpty()) {
            if (!input.context().identities().complete()) {
                return List.of();
            }
            return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                    "Unknown sending identity " + id + ": this workspace has no such mailbox or LinkedIn account",
                    List.of(Fix.advice("Add it (countersign identities add " + id + " --channel "
                            + input.draft().channel().wireName() + " --from …) or reject this draft"))));
        }
        Identity i = identity.get();
        if (i.channel() != input.draft().channel()) {
            return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                    "Sending identity " + id + " is for the " + i.channel().wireName() + " channel; this draft is for "
                            + input.draft().channel().wireName(),
                    List.of(Fix.advice("Reject this draft: the drafting agent named the wrong identity"))));
        }
        if (!i.paused()) {
            return List.of();
        }
        return List.of(new Finding(ID, severity, TextField.BODY, 0, 0,
                "Sending identity " + id + " is paused: " + i.stateReason() + (i.stateBy().isEmpty() ? "" : " (by " + i.stateBy() + ")"),
                List.of(Fix.advice("Resume the identity (countersign identities resume " + id + ") or reject this draft"))));
    }
}
