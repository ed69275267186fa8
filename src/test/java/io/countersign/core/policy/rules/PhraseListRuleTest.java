package io.countersign.core.policy.rules;

import static io.countersign.core.TestDrafts.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseListRuleTest {

    private final PhraseListRule rule = new PhraseListRule("banned-claim", Severity.BLOCK, "Unverifiable promise",
            List.of("guaranteed", "10x overnight", "risk-free", "10x"));

    private static int[] span(Finding f) {
        return new int[] {f.start(), f.end()};
    }

    @Test
    void findsPhraseOnItsExactCharacters() {
        List<Finding> findings = rule.evaluate(input("Results are guaranteed."));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(12, f.start());
        assertEquals(22, f.end());
        assertEquals("banned-claim", f.ruleId());
        assertEquals(Severity.BLOCK, f.severity());
        assertEquals(TextField.BODY, f.field());
        assertEquals("Unverifiable promise: \u201cguaranteed\u201d", f.message());
        assertEquals("", f.fixes().get(0).replacement());
    }

    @Test
    void ignoresCaseButMatchesWholeWordsOnly() {
        assertEquals(1, rule.evaluate(input("GUARANTEED results")).size());
        assertTrue(rule.evaluate(input("an unguaranteed result")).isEmpty());
        assertTrue(rule.evaluate(input("guaranteedly")).isEmpty());
    }

    @Test
    void prefersTheLongestPhraseAtAPosition() {
        List<Finding> findings = rule.evaluate(input("Growth 10x overnight!"));
        assertEquals(1, findings.size());
        assertEquals(7, findings.get(0).start());
        assertEquals(20, findings.get(0).end());
    }

    @Test
    void hyphensAndSpacesAreInterchangeableInsideAPhrase() {
        assertEquals(1, rule.evaluate(input("It is risk free.")).size());
        assertEquals(1, rule.evaluate(input("It is risk\u2011free.")).size()); // non-breaking hyphen
        int[] s = span(rule.evaluate(input("It is risk-free.")).get(0));
        assertEquals(6, s[0]);
        assertEquals(15, s[1]);
    }

    @Test
    void doesNotMatchAcrossALineBreakOrPunctuation() {
        assertTrue(rule.evaluate(input("10x\novernight")).stream().noneMatch(f -> f.end() - f.start() > 3));
        assertTrue(rule.evaluate(input("risk. Free")).isEmpty());
    }

    @Test
    void spansCountUtf16UnitsAfterEmojiAndCombiningMarks() {
        // "🚀 " is three UTF-16 units; "é" written as e + U+0301 is two.
        List<Finding> findings = rule.evaluate(input("\uD83D\uDE80 Caf\u0065\u0301 guaranteed"));
        assertEquals(1, findings.size());
        assertEquals(9, findings.get(0).start());
        assertEquals(19, findings.get(0).end());
    }

    @Test
    void zeroWidthCharactersCannotHideAPhrase() {
        List<Finding> findings = rule.evaluate(input("guar\u200Banteed"));
        assertEquals(1, findings.size());
        assertEquals(0, findings.get(0).start());
        assertEquals(11, findings.get(0).end());
    }

    @Test
    void checksTheSubjectToo() {
        var input = io.countersign.core.policy.PolicyInput.original(
                io.countersign.core.TestDrafts.email("e1", "Guaranteed pipeline", "Hello"));
        List<Finding> findings = rule.evaluate(input);
        assertEquals(1, findings.size());
        assertEquals(TextField.SUBJECT, findings.get(0).field());
        assertEquals(0, findings.get(0).start());
        assertEquals(10, findings.get(0).end());
    }

    @Test
    void survivesHostileText() {
        String rtl = "\u05E9\u05DC\u05D5\u05DD \u202Eguaranteed\u202C";
        assertEquals(1, rule.evaluate(input(rtl)).size());
        assertTrue(rule.evaluate(input("")).isEmpty());
        assertTrue(rule.evaluate(input("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67")).isEmpty());
        String huge = "word ".repeat(200_000);
        assertTrue(rule.evaluate(input(huge)).isEmpty());
    }
}
