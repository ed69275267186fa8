package io.countersign.core.policy.rules;

import static io.countersign.core.TestDrafts.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Claim;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Figures written in words or in compatibility digits need evidence as "3x" does (#12). */
class WordMetricsTest {

    private final MetricEvidenceRule rule = new MetricEvidenceRule(Severity.BLOCK);

    private static String keyOf(String text) {
        List<MetricExtractor.Metric> m = MetricExtractor.find(text);
        assertEquals(1, m.size(), text + " -> " + m);
        return m.get(0).key();
    }

    @Test
    void figuresInWordsHaveTheKeysOfTheirDigits() {
        String[][] cases = {{"three times more pipeline", "3x"}, {"3 times more meetings", "3x"}, {"twice as many replies", "2x"},
                {"triple your replies", "3x"}, {"we doubled the pipeline", "2x"}, {"tenfold growth", "10x"}, {"10-fold growth", "10x"},
                {"forty percent more replies", "40%"}, {"twenty-five percent faster", "25%"}, {"40 pct more", "40%"},
                {"half the cost of an SDR", "50%"}, {"it cut ramp time in half", "50%"}, {"double-digit growth", "double-digit"},
                {"a million saved last year", "$1m"}, {"two million dollars in pipeline", "$2m"}, {"a 5:1 ROI", "5:1"},
                {"a 3-to-1 return", "3:1"}, {"Teams book \uFF13x more meetings", "3x"}, {"Teams book \u0663x more meetings", "3x"},
                {"\uFF14\uFF10\uFF05 more replies", "40%"}};
        for (String[] c : cases) {
            assertEquals(c[1], keyOf(c[0]), c[0]);
        }
    }

    @Test
    void frequenciesAndOrdinaryWordsAreNot() {
        for (String text : List.of("we meet three times a week", "twice a month is fine", "double-check the date",
                "half of the team is remote", "a million thanks", "ten people joined", "the digital team")) {
            assertTrue(MetricExtractor.find(text).isEmpty(), text + " -> " + MetricExtractor.find(text));
        }
    }

    @Test
    void aClaimInDigitsCoversTheFigureInWordsAndTheSpanIsTheOriginal() {
        assertTrue(rule.evaluate(input("Teams see three times more pipeline.",
                new Claim("metric", "3x more pipeline", "https://countersign.example/case"))).isEmpty());
        String body = "Teams book \uFF13x more meetings.";
        List<Finding> f = rule.evaluate(input(body));
        assertEquals(1, f.size());
        assertEquals("\uFF13x", body.substring(f.get(0).start(), f.get(0).end()));
        assertTrue(f.get(0).message().contains("\uFF13x"), f.get(0).message());
    }
}
