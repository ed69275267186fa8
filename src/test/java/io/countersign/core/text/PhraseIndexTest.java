package io.countersign.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countersign.core.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One walk over the tokens for all lists must give exactly what each list finds on its own, and
 * both must equal the plain definition: at each word, the longest phrase of the list that starts
 * there (not across a line break), then carry on after it.
 */
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
                int sep = random.nextInt(12);
                text.append(WORDS[random.nextInt(WORDS.length)]).append(sep == 0 ? ". " : sep == 1 ? "\n" : " ");
            }
            Tokens tokens = Tokens.of(NormalizedText.of(text.toString()).text());
            List<List<PhraseMatcher.Match>> combined = new PhraseIndex(lists).find(tokens);
            for (int l = 0; l < lists.size(); l++) {
                List<PhraseMatcher.Match> alone = PhraseMatcher.of(lists.get(l)).findIn(tokens);
                assertEquals(naive(lists.get(l), tokens), alone, "list " + l + " alone in round " + round);
                assertEquals(alone, combined.get(l), "list " + l + " in round " + round);
            }
        }
    }

    /** The definition, written as plainly as possible: try every phrase at every word. */
    private static List<PhraseMatcher.Match> naive(List<String> phrases, Tokens tokens) {
        List<PhraseMatcher.Match> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            String best = null;
            int bestLast = -1;
            for (String phrase : phrases) {
                String[] words = phrase.split(" ");
                int last = i + words.length - 1;
                if (last >= tokens.size() || last <= bestLast) {
                    continue;
                }
                boolean all = true;
                for (int k = 0; k < words.length && all; k++) {
                    all = tokens.word(i + k).equals(words[k])
                            && (k == 0 || tokens.text().substring(tokens.end(i + k - 1), tokens.start(i + k)).indexOf('\n') < 0);
                }
                if (all) {
                    best = phrase;
                    bestLast = last;
                }
            }
            if (best == null) {
                i++;
            } else {
                out.add(new PhraseMatcher.Match(best, tokens.start(i), tokens.end(bestLast)));
                i = bestLast + 1;
            }
        }
        return out;
    }
}
