package io.countersign.core.policy;

import io.countersign.core.policy.loading.PolicyLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.TestDrafts;
import io.countersign.core.draft.Draft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyOverridesTest {

    private static final String BASE = """
            version: 5
            phrase-lists:
              - id: pressure
                severity: require_approval
                phrases: [act now]
              - id: banned
                severity: block
                phrases: [guaranteed]
              - id: trial
                mode: observe
                severity: block
                phrases: [free trial]
            """;

    private static Policy parse(String yaml) throws PolicyException {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml");
    }

    private static Draft draft(String campaign, String persona, String template, String text) {
        Draft d = TestDrafts.linkedin("d", text);
        return new Draft(d.id(), d.channel(), d.identityId(), d.lead(), null, text, d.claims(), d.research(),
                d.promptVersion(), campaign, template, persona, d.createdBy(), d.createdAt(), d.extra());
    }

    @Test
    void observeModeFindingsAreShownButDoNotDecide() throws Exception {
        PolicyDecision d = parse(BASE).evaluate(PolicyInput.original(draft("c", "p", "t", "Dana, try our free trial")));
        assertEquals(Decision.ALLOW, d.decision());
        assertEquals(1, d.findings().size());
        assertTrue(d.findings().get(0).observed());
        assertTrue(d.reasons().isEmpty());
    }

    @Test
    void overridesApplyByCampaignThenPersonaThenTemplate() throws Exception {
        Policy p = parse(BASE + """
                overrides:
                  - template: t1
                    rules: {pressure: {severity: block}}
                  - campaign: vip
                    rules: {pressure: {severity: warn}, banned: {mode: observe}}
                  - persona: cfo
                    rules: {pressure: {enabled: false}}
                """);
        String text = "Dana, act now: guaranteed";
        assertEquals(Decision.BLOCK, p.evaluate(PolicyInput.original(draft("x", "y", "t1", text))).decision());
        PolicyDecision vip = p.evaluate(PolicyInput.original(draft("vip", "cfo", "t1", text)));
        // campaign beats persona and template: pressure is only a warning, banned is only observed
        assertEquals(Decision.ALLOW, vip.decision());
        assertEquals(Severity.WARN, vip.findings().stream().filter(f -> f.ruleId().equals("pressure")).findFirst().orElseThrow().severity());
        PolicyDecision cfo = p.evaluate(PolicyInput.original(draft("x", "cfo", "t1", "Dana, act now")));
        assertTrue(cfo.findings().isEmpty(), "persona beats template: pressure is off for CFOs");
    }

    @Test
    void conflictingAndUnknownOverridesAreErrorsWithLocations() {
        PolicyException conflict = assertThrows(PolicyException.class, () -> parse(BASE + """
                overrides:
                  - campaign: vip
                    rules: {pressure: {severity: warn}}
                  - campaign: vip
                    rules: {pressure: {severity: block}}
                """));
        assertTrue(conflict.getMessage().contains("overrides[1]: conflicting overrides: overrides[0] already sets rules for campaign 'vip'"),
                conflict.getMessage());
        assertTrue(conflict.getMessage().startsWith("p.yaml:16:5"), conflict.getMessage());
        PolicyException unknown = assertThrows(PolicyException.class, () -> parse(BASE + """
                overrides:
                  - persona: cfo
                    rules: {presure: {enabled: false}}
                """));
        assertTrue(unknown.getMessage().contains("overrides[0].rules.presure: no rule 'presure'"), unknown.getMessage());
        assertThrows(PolicyException.class, () -> parse(BASE + "overrides:\n  - campaign: a\n    persona: b\n    rules: {pressure: {}}\n"));
    }

    @Test
    void badRegexAndBadNumbersNameTheirPlace() {
        PolicyException regex = assertThrows(PolicyException.class, () -> parse("""
                version: 1
                phrase-lists:
                  - id: x
                    patterns: ['ok', '(unclosed']
                """));
        assertTrue(regex.getMessage().startsWith("p.yaml:4:22: phrase-lists[0].patterns[1]: invalid regular expression"),
                regex.getMessage());
        PolicyException number = assertThrows(PolicyException.class, () -> parse("version: 1\nrules:\n  links: {max-links: lots}\n"));
        assertTrue(number.getMessage().contains("rules.links.max-links: must be a whole number"), number.getMessage());
    }

    @Test
    void wordListFilesAreReadAndHashed(@TempDir Path dir) throws Exception {
        Path words = dir.resolve("banned.txt");
        Files.writeString(words, "# one per line\nguaranteed\n\nzero risk\n");
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, "version: 1\nphrase-lists:\n  - id: banned\n    phrases-file: banned.txt\n");
        Policy first = PolicyLoader.load(policyFile);
        assertEquals(Decision.BLOCK, first.evaluate(TestDrafts.input("Dana: zero risk")).decision());
        Files.writeString(words, "guaranteed\n");
        Policy second = PolicyLoader.load(policyFile);
        assertTrue(!first.version().equals(second.version()), "a changed word list changes the policy version");
        Files.delete(words);
        PolicyException missing = assertThrows(PolicyException.class, () -> PolicyLoader.load(policyFile));
        assertTrue(missing.getMessage().contains("phrase-lists[0].phrases-file: cannot read"), missing.getMessage());
    }

    @Test
    void hugeListsLoadAndMatch() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\nphrase-lists:\n  - id: big\n    phrases:\n");
        for (int i = 0; i < 100_000; i++) {
            yaml.append("      - phrase number ").append(i).append('\n');
        }
        Policy p = parse(yaml.toString());
        PolicyDecision d = p.evaluate(TestDrafts.input("Dana, this is phrase number 99999 indeed"));
        assertEquals(Decision.BLOCK, d.decision());
        assertEquals(14, d.findings().get(0).start());
    }
}
