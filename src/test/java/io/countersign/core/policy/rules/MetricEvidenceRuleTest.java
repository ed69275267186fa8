package io.countersign.core.policy.rules;

import static io.countersign.core.TestDrafts.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Claim;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricEvidenceRuleTest {

    private final MetricEvidenceRule rule = new MetricEvidenceRule(Severity.BLOCK);

    @Test
    void flagsAMultiplierWithoutAClaimOnItsExactSpan() {
        List<Finding> f = rule.evaluate(input("Teams book 3x more meetings."));
        assertEquals(1, f.size());
        assertEquals(11, f.get(0).start());
        assertEquals(13, f.get(0).end());
        assertEquals("Numeric claim \u201c3x\u201d has no matching claim with evidence", f.get(0).message());
        assertEquals(Severity.BLOCK, f.get(0).severity());
    }

    @Test
    void aMatchingClaimWithHttpsEvidenceClearsIt() {
        assertTrue(rule.evaluate(input("Teams book 3x more meetings.",
                new Claim("metric", "3x more meetings", "https://example.com/case"))).isEmpty());
    }

    @Test
    void aClaimWithoutEvidenceOrWithPlainHttpStillBlocks() {
        List<Finding> none = rule.evaluate(input("40% more replies", new Claim("metric", "40%", null)));
        assertEquals("Numeric claim \u201c40%\u201d has no evidence URL", none.get(0).message());
        List<Finding> http = rule.evaluate(input("40% more replies", new Claim("metric", "40%", "http://example.com")));
        assertEquals("Evidence for \u201c40%\u201d is not an https URL", http.get(0).message());
        List<Finding> junk = rule.evaluate(input("40% more replies", new Claim("metric", "40%", "https://")));
        assertEquals(1, junk.size());
    }

    @Test
    void theClaimValueMustAgreeWithTheText() {
        List<Finding> f = rule.evaluate(input("40% more replies", new Claim("metric", "30%", "https://example.com")));
        assertEquals(1, f.size());
    }

    @Test
    void recognisesPercentagesAndMoney() {
        List<Finding> f = rule.evaluate(input("Save $2M a year, 12 percent faster, \u20ac500k and 1.5 million dollars"));
        assertEquals(4, f.size());
        assertEquals("$2M", "Save $2M a year, 12 percent faster, \u20ac500k and 1.5 million dollars".substring(f.get(0).start(), f.get(0).end()));
        assertTrue(rule.evaluate(input("Save $2M a year", new Claim("metric", "$2m saved", "https://x.example/p"))).isEmpty());
        assertTrue(rule.evaluate(input("Save $2,000,000", new Claim("metric", "$2,000,000", "https://x.example/p"))).isEmpty());
    }

    @Test
    void plainNumbersAreNotPerformanceClaims() {
        assertTrue(rule.evaluate(input("Do you have 15 minutes on the 3rd? We have 12 SDRs and 2 offices.")).isEmpty());
        assertTrue(rule.evaluate(input("Call me at 0x1F or take the 3xl shirt")).isEmpty());
    }
}
