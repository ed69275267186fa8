package io.countersign.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.TestDrafts;
import io.countersign.core.policy.loading.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sensitive data in any case and grouping, and not mistaken for one another (#12), in the default policy. */
class SensitiveDataGroupingTest {

    private final Policy policy = PolicyLoader.loadDefault();

    private List<String> found(String body) {
        return policy.evaluate(TestDrafts.input(body)).findings().stream().filter(f -> f.ruleId().equals("sensitive-data"))
                .map(f -> f.message().replace(" in outbound text", "") + " = " + body.substring(f.start(), f.end())).toList();
    }

    @Test
    void ibansInAnyCaseAndGrouping() {
        for (String iban : List.of("DE89370400440532013000", "de89 3704 0044 0532 0130 00", "De89.3704.0044.0532.0130.00",
                "DE89-3704-0044-0532-0130-00", "gb29 nwbk 6016 1331 9268 19")) {
            assertEquals(List.of("Bank account number (IBAN) = " + iban), found("Please pay to " + iban + " this week."), iban);
        }
        assertEquals(List.of(), found("Ticket de89 3704 0044 0532 0130 01 is closed"), "a failed check digit is no IBAN (nor a phone)");
    }

    @Test
    void cardsWithDotsAndPhonesThatAreNot() {
        assertEquals(List.of("Payment card number = 4111.1111.1111.1111"), found("card 4111.1111.1111.1111 works"));
        assertEquals(List.of("Payment card number = 4111-1111-1111-1111"), found("card 4111-1111-1111-1111 works"));
        assertEquals(List.of(), found("Our server is at 192.168.100.200 today"), "an IP address is not a phone number");
        assertEquals(List.of("Phone number = +1 415 555 0134"), found("Call +1 415 555 0134 today"));
    }

    @Test
    void commonHealthConditionsAreTerms() {
        for (String term : List.of("cancer", "diabetes", "depression", "Diabetes")) {
            assertEquals(1, found("Sorry to hear about your " + term + ", Dana.").size(), term);
        }
        for (String everyday : List.of("a stroke of luck", "our sales aids", "the feature is disabled", "prescription software")) {
            assertTrue(found("That was " + everyday + ".").isEmpty(), everyday);
        }
    }
}
