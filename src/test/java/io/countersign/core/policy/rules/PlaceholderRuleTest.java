package io.countersign.core.policy.rules;

import static io.countersign.core.TestDrafts.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholderRuleTest {

    private final PlaceholderRule rule = new PlaceholderRule(Severity.BLOCK);

    @Test
    void flagsDoubleBracePlaceholdersAndOffersTheLeadsValue() {
        List<Finding> f = rule.evaluate(input("Hi {{first_name}}, quick one about {{company}}."));
        assertEquals(2, f.size());
        assertEquals(3, f.get(0).start());
        assertEquals(17, f.get(0).end());
        assertEquals("Dana", f.get(0).fixes().get(0).replacement());
        assertEquals("Northwind Pay", f.get(1).fixes().get(0).replacement());
        assertEquals("Unfilled placeholder {{first_name}}", f.get(0).message());
    }

    @Test
    void flagsOtherPlaceholderStyles() {
        assertEquals(1, rule.evaluate(input("Hi [NAME],")).size());
        assertEquals(1, rule.evaluate(input("Hi {firstName},")).size());
        assertEquals(1, rule.evaluate(input("Hi <<First Name>>,")).size());
        assertEquals(1, rule.evaluate(input("Hi %FIRST_NAME%,")).size());
    }

    @Test
    void leavesOrdinaryBracketsAlone() {
        assertTrue(rule.evaluate(input("See the deck [attached] and { this } is fine? [1] 100% sure")).isEmpty());
    }

    @Test
    void placeholdersInAnyCaseAndStyle() {
        for (String slot : List.of("[company]", "[Name]", "[First Name]", "{FirstName}", "{First Name}", "<first name>",
                "<Company>", "__COMPANY__", "__first_name__", "%first_name%", "[Your Company]", "[Insert benefit here]",
                "[prospect's pain point]", "[FirstName]", "[company-name]", "[Name of the company]")) {
            List<Finding> f = rule.evaluate(input("Hi " + slot + ", quick question."));
            assertEquals(1, f.size(), slot + " -> " + f);
            assertEquals(3, f.get(0).start(), slot);
            assertEquals(3 + slot.length(), f.get(0).end(), slot);
            assertEquals("Unfilled placeholder " + slot, f.get(0).message());
        }
        assertEquals("Dana", rule.evaluate(input("Hi [First Name],")).get(0).fixes().get(0).replacement());
        assertEquals("Northwind Pay", rule.evaluate(input("At __COMPANY__ you")).get(0).fixes().get(0).replacement());
        assertEquals("Northwind Pay", rule.evaluate(input("At <company name> you")).get(0).fixes().get(0).replacement());
    }

    @Test
    void proseInBracketsIsNoPlaceholder() {
        for (String prose : List.of("He said it [sic] twice", "as shown [1] and [2]", "see [here](https://countersign.example/x)",
                "line one<br>line two", "<p>Hello</p>", "at <time>noon</time>", "mail <dana@northwind.example>",
                "{ this } is fine", "our [attached] deck", "[citation needed]", "50% off, then 20% more",
                "a __init__ method", "[the name of the game]")) {
            assertTrue(rule.evaluate(input(prose)).isEmpty(), prose + " -> " + rule.evaluate(input(prose)));
        }
    }

    @Test
    void unknownPlaceholderGetsAdviceNotAReplacement() {
        Finding f = rule.evaluate(input("Loved your post on {{topic}}")).get(0);
        assertTrue(f.fixes().get(0).replacementText().isEmpty());
    }
}
