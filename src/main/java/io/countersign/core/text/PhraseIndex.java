package io.countersign.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * All phrase lists of a policy in one table, so a message's tokens are walked once for every list
 * instead of once per list. Results are per list and identical to each list matching on its own:
 * left to right, longest phrase first, no overlaps within a list.
 */
public final class PhraseIndex {

    private final PhraseMatcher combined;
    private final int lists;

    /** @param phrasesPerList the normalized phrases of each list, in list order */
    public PhraseIndex(List<List<String>> phrasesPerList) {
        this.combined = PhraseMatcher.tagged(phrasesPerList);
        this.lists = phrasesPerList.size();
    }

    /** Matches of every list, indexed like the constructor's argument. */
    public List<List<PhraseMatcher.Match>> find(Tokens tokens) {
        List<List<PhraseMatcher.Match>> out = new ArrayList<>(lists);
        for (int i = 0; i < lists; i++) {
            out.add(new ArrayList<>(0));
        }
        combined.findPerList(tokens, out);
        return out;
    }
}
