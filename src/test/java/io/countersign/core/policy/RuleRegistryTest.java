package io.countersign.core.policy;

import io.countersign.core.policy.loading.PolicyLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.policy.rules.BuiltInRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader builds rules from the registry alone: every registered type loads by its id, with its own keys. */
class RuleRegistryTest {

    private static Policy load(String yaml) throws PolicyException {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "registry.yaml");
    }

    @Test
    void everyRegisteredRuleLoadsByItsIdWithItsDefaultSeverity() throws Exception {
        for (RuleType type : BuiltInRules.ALL) {
            Policy p = load("version: 1\nrules:\n  " + type.id() + ": {}\n");
            List<String> ids = p.rules().stream().map(PolicyRule::id).toList();
            assertEquals(List.of(type.id()), ids, type.toString());
        }
    }

    @Test
    void aKeyOfAnotherRuleIsRefusedWithTheKeysThisRuleTakes() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> load("version: 1\nrules:\n  placeholder:\n    max-links: 2\n"));
        assertTrue(e.getMessage().contains("unknown key 'max-links'") && e.getMessage().contains("rules.placeholder"),
                e.getMessage());
        PolicyException unknown = assertThrows(PolicyException.class, () -> load("version: 1\nrules:\n  no-such-rule: {}\n"));
        for (RuleType t : BuiltInRules.ALL) {
            assertTrue(unknown.getMessage().contains(t.id()), "the error lists every known rule: " + unknown.getMessage());
        }
    }

    @Test
    void ruleSettingsAreCheckedWhereTheyAreWrong() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> load("version: 1\nrules:\n  links:\n    max-links: -1\n"));
        assertTrue(e.getMessage().contains("rules.links.max-links") && e.getMessage().contains("whole number"), e.getMessage());
    }
}
