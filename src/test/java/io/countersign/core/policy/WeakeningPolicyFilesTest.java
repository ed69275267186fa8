package io.countersign.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.TestDrafts;
import io.countersign.core.policy.loading.PolicyLint;
import io.countersign.core.policy.loading.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy files a hostile or careless author wrote that once passed {@code policy lint} and
 * weakened enforcement or flooded it: a version that is no number, a word list outside the
 * policy's folder, RE2 limits reported as other errors, a pattern that matches anything.
 */
class WeakeningPolicyFilesTest {

    @TempDir
    Path dir;

    private Policy load(String yaml) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, yaml);
        return PolicyLoader.parse(Files.readAllBytes(file), "policy.yaml", dir);
    }

    @Test
    void theVersionIsANumber() throws Exception {
        PolicyException e = assertThrows(PolicyException.class, () -> load("version: two\n"));
        assertTrue(e.getMessage().startsWith("policy.yaml:1:10: version: must be a number such as 2 or 2.1, not 'two'"), e.getMessage());
        assertEquals("2.1", load("version: 2.1\n").declaredVersion());
        assertEquals("3", load("version: 3\n").declaredVersion());
    }

    @Test
    void aWordListOutsideThePolicysFolderIsRefused() throws Exception {
        for (String name : List.of("../../etc/passwd", "/etc/passwd", "lists/../../outside.txt")) {
            PolicyException e = assertThrows(PolicyException.class, () -> load("""
                    version: 2
                    phrase-lists:
                      - id: banned
                        phrases-file: '%s'
                    """.formatted(name)));
            assertTrue(e.getMessage().contains("phrase-lists[0].phrases-file: '" + name + "' lies outside the policy's folder"),
                    e.getMessage());
        }
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/banned.txt"), "guaranteed\n");
        Policy ok = load("version: 2\nphrase-lists:\n  - id: banned\n    phrases-file: lists/banned.txt\n");
        assertEquals(Decision.BLOCK, ok.evaluate(TestDrafts.input("Results guaranteed")).decision());
    }

    @Test
    void whatRe2DoesNotDoIsSaidAsSuch() {
        String[][] cases = {
                {"(?<=\\$)[0-9]+", "lookbehind"}, {"(?<!no )guarantee", "lookbehind"}, {"guarantee(?!d)", "lookahead"},
                {"(a)\\1", "a backreference (\\1)"}, {"(?>ab)c", "an atomic group"}, {"a*+b", "a possessive quantifier"}};
        for (String[] c : cases) {
            PolicyException e = assertThrows(PolicyException.class, () -> load("""
                    version: 2
                    phrase-lists:
                      - id: p
                        patterns: ['%s']
                    """.formatted(c[0])));
            assertTrue(e.getMessage().contains("phrase-lists[0].patterns[0]: " + c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains("is not supported: patterns run on RE2"), e.getMessage());
        }
        PolicyException other = assertThrows(PolicyException.class, () -> load("version: 2\nphrase-lists:\n  - id: p\n    patterns: ['(unclosed']\n"));
        assertTrue(other.getMessage().contains("invalid regular expression: missing closing )"), other.getMessage());
    }

    @Test
    void lintWarnsOfAPatternThatMatchesAlmostAnything() throws Exception {
        String yaml = "version: 2\nphrase-lists:\n  - id: p\n    patterns: ['.', 'guarantee[ds]?', '\\w+', 'x?']\n";
        Files.writeString(dir.resolve("policy.yaml"), yaml);
        List<String> warnings = PolicyLint.lint(yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml", dir);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("policy.yaml: p.patterns[0]: \u201c.\u201d matches almost any text")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("policy.yaml: p.patterns[2]:")), warnings.toString());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("patterns[1]") || w.contains("patterns[3]")),
                "a real pattern, and one that only matches nothing, are not flagged: " + warnings);
    }

    @Test
    void everyRulesFindingsAreCappedToo() {
        Policy p = PolicyLoader.loadDefault();
        StringBuilder body = new StringBuilder("Hi Dana, call any of us: ");
        for (int i = 0; i < 120; i++) {
            body.append("+1 415 555 ").append(String.format("%04d", i)).append(", ");
        }
        List<Finding> phones = p.evaluate(TestDrafts.input(body.toString())).findings().stream()
                .filter(f -> f.ruleId().equals("sensitive-data") && f.field() == TextField.BODY).toList();
        assertEquals(Policy.MAX_FINDINGS_PER_RULE_AND_FIELD, phones.size());
        assertTrue(phones.stream().anyMatch(f -> f.message().endsWith("(and 70 more findings of this rule in the body, not listed)")),
                phones.get(phones.size() - 1).message());
    }

    @Test
    void oneListsFindingsInOneFieldAreCappedWithACountOfTheRest() throws Exception {
        Policy p = load("version: 2\nphrase-lists:\n  - id: p\n    severity: block\n    message: Anything\n    patterns: ['.']\n");
        String body = "abc ".repeat(15_000); // 60,000 characters, 45,000 of them letters
        PolicyDecision d = p.evaluate(TestDrafts.input(body));
        List<Finding> mine = d.findings().stream().filter(f -> f.ruleId().equals("p") && f.field() == TextField.BODY).toList();
        assertEquals(50, mine.size());
        assertTrue(mine.get(49).message().endsWith("(and " + (60_000 - 50) + " more matches of this list in the body, not listed)"),
                mine.get(49).message());
        assertEquals(Decision.BLOCK, d.decision());
    }
}
