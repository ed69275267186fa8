package io.countersign.core.policy;

import io.countersign.core.policy.loading.PolicyLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.TestDrafts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static Policy parse(String yaml) throws PolicyException {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml");
    }

    @Test
    void defaultPolicyLoadsAndIsVersionedByContent() {
        Policy p = PolicyLoader.loadDefault();
        assertEquals("2", p.declaredVersion());
        assertEquals(PolicyLoader.sha256(PolicyLoader.defaultPolicyBytes()), p.sha256());
        assertEquals("2+sha256:" + p.sha256(), p.version());
        assertEquals(15, p.rules().size()); // deadline-pressure joined the 14
    }

    @Test
    void sameDeclaredVersionDifferentFileGivesDifferentPolicyVersion() throws Exception {
        Policy a = parse("version: 3\n");
        Policy b = parse("version: 3\n# comment\n");
        assertTrue(!a.version().equals(b.version()));
    }

    @Test
    void decisionTakesTheStrongestSeverityAndKeepsEveryReason() throws Exception {
        Policy p = parse("""
                version: 2
                phrase-lists:
                  - id: banned
                    severity: block
                    message: Banned
                    phrases: [guaranteed]
                  - id: pressure
                    severity: require_approval
                    message: Pressure
                    phrases: [act now]
                """);
        PolicyDecision d = p.evaluate(TestDrafts.input("Act now: results guaranteed"));
        assertEquals(Decision.BLOCK, d.decision());
        assertEquals(2, d.reasons().size());
        PolicyDecision review = p.evaluate(TestDrafts.input("Act now please"));
        assertEquals(Decision.REQUIRE_APPROVAL, review.decision());
        assertEquals(Decision.ALLOW, p.evaluate(TestDrafts.input("Hello Dana")).decision());
    }

    @Test
    void aRepeatedKeyIsAnErrorNamingBothPlaces() {
        // Once, the second phrase-lists silently replaced the first: "guaranteed" was allowed and lint said nothing.
        PolicyException lists = assertThrows(PolicyException.class, () -> parse("""
                version: 2
                phrase-lists:
                  - id: banned
                    severity: block
                    phrases: [guaranteed]
                phrase-lists:
                  - id: pressure
                    phrases: [act now]
                """));
        assertTrue(lists.getMessage().startsWith("policy.yaml:6:1: phrase-lists: this key appears twice (first at line 2, column 1)"),
                lists.getMessage());
        PolicyException version = assertThrows(PolicyException.class, () -> parse("version: 2\nversion: 3\n"));
        assertTrue(version.getMessage().startsWith("policy.yaml:2:1: version: this key appears twice (first at line 1"),
                version.getMessage());
        PolicyException nested = assertThrows(PolicyException.class, () -> parse("""
                version: 2
                phrase-lists:
                  - id: banned
                    phrases: [guaranteed]
                    phrases: [zero risk]
                """));
        assertTrue(nested.getMessage().startsWith("policy.yaml:5:5: phrase-lists[0].phrases: this key appears twice (first at line 4, column 5)"),
                nested.getMessage());
    }

    @Test
    void aPatternWithCountedRepetitionMatches() throws Exception {
        // The prefilter once took the 2 of {2} for text every match must contain.
        Policy p = parse("""
                version: 2
                phrase-lists:
                  - id: prices
                    severity: require_approval
                    message: Price named
                    patterns: ['\\$[0-9]{2}', '[0-9]{3}-[0-9]{4}', '(.*a){3}']
                """);
        assertEquals(Decision.REQUIRE_APPROVAL, p.evaluate(TestDrafts.input("Only $99 a month")).decision());
        assertEquals(Decision.REQUIRE_APPROVAL, p.evaluate(TestDrafts.input("Call 555-1294")).decision());
        assertEquals(Decision.REQUIRE_APPROVAL, p.evaluate(TestDrafts.input("banana")).decision());
        assertEquals(Decision.ALLOW, p.evaluate(TestDrafts.input("Hello Dana")).decision());
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        PolicyException e = assertThrows(PolicyException.class, () -> parse("version: 1\nrules: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("policy.yaml:"), e.getMessage());
        assertTrue(e.getMessage().matches("policy\\.yaml:\\d+:\\d+: malformed YAML.*"), e.getMessage());
    }

    @Test
    void typosAreErrorsNotSilentlyIgnored() {
        PolicyException unknownKey = assertThrows(PolicyException.class,
                () -> parse("version: 1\nrules:\n  placeholder:\n    severty: block\n"));
        assertTrue(unknownKey.getMessage().contains("policy.yaml:4:5: rules.placeholder.severty: unknown key 'severty'"), unknownKey.getMessage());
        PolicyException unknownRule = assertThrows(PolicyException.class, () -> parse("version: 1\nrules:\n  nope: {}\n"));
        assertTrue(unknownRule.getMessage().contains("rules.nope: unknown rule"), unknownRule.getMessage());
        PolicyException badSeverity = assertThrows(PolicyException.class,
                () -> parse("version: 1\nphrase-lists:\n  - id: x\n    severity: fatal\n    phrases: [a]\n"));
        assertTrue(badSeverity.getMessage().contains("policy.yaml:4:15: phrase-lists[0].severity: unknown severity 'fatal'"));
        assertThrows(PolicyException.class, () -> parse("rules: {}\n"));
        assertThrows(PolicyException.class, () -> parse(""));
        assertThrows(PolicyException.class, () -> parse("- just\n- a list\n"));
    }

    @Test
    void disabledRulesDoNotRun() throws Exception {
        Policy p = parse("version: 1\nrules:\n  placeholder:\n    enabled: false\n  metric-evidence: {}\n");
        assertEquals(1, p.rules().size());
        assertEquals("metric-evidence", p.rules().get(0).id());
    }
}
