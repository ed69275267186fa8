package io.countersign.core.policy;

import io.countersign.core.draft.Draft;
import java.util.Map;

/**
 * Rule settings for the drafts of one campaign, persona or template. When several match, campaign
 * beats persona beats template.
 */
public record PolicyOverride(Dimension dimension, String value, Map<String, RuleSetting> rules) {

    public enum Dimension {
        CAMPAIGN, PERSONA, TEMPLATE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String of(Draft d) {
            return switch (this) {
                case CAMPAIGN -> d.campaign();
                case PERSONA -> d.persona();
                case TEMPLATE -> d.template();
            };
        }
    }

    public boolean matches(Draft d) {
        return value.equals(dimension.of(d));
    }
}
