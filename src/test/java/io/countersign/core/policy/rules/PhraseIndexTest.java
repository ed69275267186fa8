package io.countersign.core.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countersign.core.policy.NormalizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One walk over the tokens for all lists must give exactly what each list finds on its own. */
class PhraseIndexTest {

    private static final String[] WORDS = {"act", "now", "last", "chance", "risk", "free", "guaranteed", "best", "in", "class"};

    @Test
    void combinedMatchesEqualPerListMatches() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            List<List<String>> lists = new ArrayList<>();
            for (int l = 0; l < 4; l++) {
                List<String> phrases = new ArrayList<>();
                for (int p = 0; p < 6; p++) {
                    int len = 1 + random.nextInt(3);
                    StringBuilder sb = new StringBuilder();
                    for (int w = 0; w < len; w++) {
                        sb.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                    }
                    phrases.add(sb.toString());
                }
                lists.add(phrases);
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
            }
            Tokens tokens = Tokens.of(NormalizedText.of(text.toString()).text());
            List<List<PhraseMatcher.Match>> combined = new PhraseIndex(lists).find(tokens);
            for (int l = 0; l < lists.size(); l++) {
                assertEquals(PhraseMatcher.of(lists.get(l)).findIn(tokens), combined.get(l), "list " + l + " in round " + round);
            }
        }
    }
}
