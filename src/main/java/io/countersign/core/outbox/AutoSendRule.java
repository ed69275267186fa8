package io.countersign.core.outbox;

import io.countersign.core.draft.Draft;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Trust given explicitly: drafts of this campaign, template or persona (and, when named, only of
 * this identity) skip human approval when the policy in force allows them outright.
 */
public record AutoSendRule(String id, Kind kind, String value, String identityId, String addedBy, Instant addedAt) {

    public enum Kind {
        CAMPAIGN, TEMPLATE, PERSONA;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AutoSendRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        identityId = identityId == null || identityId.isBlank() ? null : identityId;
    }

    public boolean matches(Draft d) {
        String field = switch (kind) {
            case CAMPAIGN -> d.campaign();
            case TEMPLATE -> d.template();
            case PERSONA -> d.persona();
        };
        return value.equals(field) && (identityId == null || identityId.equals(d.identityId()));
    }

    /** "campaign q4-fintech (only rep03.email)": how the rule is named in approvals and lists. */
    public String describe() {
        return kind.wireName() + " " + value + (identityId == null ? "" : " (only " + identityId + ")");
    }
}
