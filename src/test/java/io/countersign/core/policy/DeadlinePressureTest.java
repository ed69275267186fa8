package io.countersign.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.TestDrafts;
import io.countersign.core.policy.loading.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pressure by a deadline named as a day or a date, not only "today" (#12), in the default policy. */
class DeadlinePressureTest {

    private final Policy policy = PolicyLoader.loadDefault();

    private boolean pressured(String text) {
        return policy.evaluate(TestDrafts.input(text)).findings().stream().anyMatch(f -> (f.ruleId().equals("pressure") || f.ruleId().equals("deadline-pressure")));
    }

    @Test
    void aDeadlineByDayOrDateIsPressure() {
        for (String s : List.of("Heads up: the offer expires Friday.", "The discount ends on the 30th, so let me know.",
                "Our price goes up next week.", "This pilot pricing is valid until March 31.", "The deal closes at the end of the month.",
                "It expires tomorrow.", "Seats for the cohort run out this Thursday.", "The promotion ends 15 Jan.",
                "THE OFFER EXPIRES FRIDAY", "The trial spots close on the 2nd")) {
            assertTrue(pressured(s), s);
        }
    }

    @Test
    void theFindingPointsAtTheDeadlineInTheOriginalText() {
        String body = "Hi Dana, our pricing goes up NEXT   WEEK, so shall we talk?";
        Finding f = policy.evaluate(TestDrafts.input(body)).findings().stream()
                .filter(x -> x.ruleId().equals("deadline-pressure")).findFirst().orElseThrow();
        assertEquals("pricing goes up NEXT   WEEK", body.substring(f.start(), f.end()));
        assertEquals(Severity.REQUIRE_APPROVAL, f.severity());
        assertEquals(Decision.REQUIRE_APPROVAL, policy.evaluate(TestDrafts.input(body)).decision());
    }

    @Test
    void datesWithoutADeadlineAreNot() {
        for (String s : List.of("Happy to talk next week, Friday works too.", "Our Q3 report closes on the 30th.",
                "I saw your post on March 3 about pricing.", "The webinar ends at 3pm.",
                "Would Tuesday or Thursday suit you for a call?", "We send the recap at the end of the week.",
                "Sales ramp time ends up shorter for teams like yours.")) {
            assertTrue(!pressured(s), s);
        }
    }
}
