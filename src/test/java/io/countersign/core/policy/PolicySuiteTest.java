package io.countersign.core.policy;

import io.countersign.core.policy.loading.PolicyLoader;
import io.countersign.core.policy.loading.PolicyLint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.policy.suite.PolicySuite;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySuiteTest {

    @Test
    void theShippedSuitePassesAgainstTheDefaultPolicy() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/examples/policy-suite.yaml")) {
            bytes = in.readAllBytes();
        }
        PolicySuite suite = PolicySuite.parse(bytes, "policy-suite.yaml");
        assertTrue(suite.cases().size() >= 60);
        List<PolicySuite.Result> results = suite.run(PolicyLoader.loadDefault());
        List<String> failures = results.stream().filter(r -> !r.passed())
                .map(r -> r.testCase().name() + ": " + r.problems()).toList();
        assertEquals(List.of(), failures);
    }

    @Test
    void aFailingCaseSaysWhy() throws Exception {
        String yaml = """
                cases:
                  - name: wrong expectation
                    channel: linkedin
                    content: "Dana, results guaranteed"
                    lead: {name: Dana}
                    expect: {decision: allow, absent: [banned-claim]}
                """;
        PolicySuite.Result r = PolicySuite.parse(yaml.getBytes(StandardCharsets.UTF_8), "s.yaml")
                .run(PolicyLoader.loadDefault()).get(0);
        assertEquals(2, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("expected allow, got block"));
        assertEquals("rule banned-claim fired but must not", r.problems().get(1));
    }

    @Test
    void badSuitesNameTheCase() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicySuite.parse(
                "cases:\n  - name: x\n    channel: fax\n    content: hi\n    expect: {decision: allow}\n".getBytes(), "s.yaml"));
        assertTrue(e.getMessage().contains("s.yaml: cases[0] (x): channel: unknown channel 'fax'"), e.getMessage());
        assertThrows(PolicyException.class, () -> PolicySuite.parse("nothing: here\n".getBytes(), "s.yaml"));
    }

    @Test
    void lintWarnsAboutDuplicatesAndObserveMode() throws Exception {
        String yaml = "version: 1\nphrase-lists:\n  - id: a\n    phrases: [risk-free, Risk Free]\n    mode: observe\n";
        List<String> warnings = PolicyLint.lint(yaml.getBytes(), "p.yaml", null);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("a.phrases[1]: \u201cRisk Free\u201d duplicates a.phrases[0]"));
    }
}
