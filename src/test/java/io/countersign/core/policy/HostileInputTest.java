package io.countersign.core.policy;

import io.countersign.core.policy.loading.PolicyLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.countersign.core.TestDrafts;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The full default policy on texts built to break it: huge, binary-looking, any Unicode. */
class HostileInputTest {

    private final Policy policy = PolicyLoader.loadDefault();

    private PolicyDecision evaluate(String text) {
        return policy.evaluate(TestDrafts.input(text));
    }

    @Test
    void emptyAndWhitespaceTexts() {
        assertEquals(Decision.ALLOW, evaluate("").decision());
        assertNotNull(evaluate(" \n\t\u00a0\u2028"));
    }

    @Test
    void oneMegabyteOfTextWithFindingsSpreadThrough() {
        String chunk = "Dana, results are guaranteed, call +1 415 555 0133, see bit.ly/x, 3x more, {{first_name}}. ";
        String text = chunk.repeat(1_048_576 / chunk.length());
        PolicyDecision d = evaluate(text);
        assertEquals(Decision.BLOCK, d.decision());
        d.findings().forEach(f -> assertEquals(true, f.end() <= text.length()));
    }

    @Test
    void binaryLookingAndRandomUnicodeNeverCrash() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                int cp;
                do {
                    cp = random.nextInt(round % 2 == 0 ? 0x110000 : 0x100);
                } while (Character.getType(cp) == Character.SURROGATE || !Character.isDefined(cp) && round % 3 == 0);
                sb.appendCodePoint(cp);
            }
            String text = sb.toString();
            PolicyDecision d = evaluate(text);
            d.findings().forEach(f -> {
                assertEquals(true, f.start() >= 0 && f.end() <= text.length(), f.toString());
                // spans never cut a surrogate pair in half
                assertEquals(false, f.start() > 0 && f.start() < text.length()
                        && Character.isLowSurrogate(text.charAt(f.start())), f.toString());
            });
        }
    }

    @Test
    void combiningMarkPilesAndZalgo() {
        String zalgo = "g" + "\u0301\u0302\u0303".repeat(500) + "uaranteed";
        assertEquals(Decision.BLOCK, evaluate("Dana, " + zalgo).decision());
    }
}
