package io.countersign.core.text;

import io.countersign.core.text.WordTokenizer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds whole-word, case-insensitive occurrences of many phrases in one pass. The phrases form a
 * trie of words whose edges live in one open-addressing table keyed by (node, word hash), so
 * matching costs one array probe per word the text and a phrase share, however many phrases start
 * with the same word, and allocates nothing but the matches.
 */
public final class PhraseMatcher {

    /** A phrase found in the text, with the span from its first to its last token. */
    public record Match(String phrase, int start, int end) {
    }

    /** A phrase ending at a trie node, and the list it belongs to (see {@link PhraseIndex}). */
    private record Terminal(String phrase, int list) {
    }

    private static final Terminal[] NONE = new Terminal[0];

    // Edge table: slot -> (parent node, word hash, word, child node); child 0 marks an empty slot.
    private final int[] edgeParent;
    private final int[] edgeHash;
    private final String[] edgeWord;
    private final int[] edgeChild;
    private final int mask;
    /** Per node: the phrases ending there, at most one per list. */
    private final Terminal[][] terminals;
    private final int lists;

    /** A table for one list of (normalized) phrases. */
    public static PhraseMatcher of(List<String> phrases) {
        return new PhraseMatcher(List.of(phrases));
    }

    /** One table for several lists; terminals remember their list (see {@link PhraseIndex}). */
    static PhraseMatcher tagged(List<List<String>> lists) {
        return new PhraseMatcher(lists);
    }

    private PhraseMatcher(List<List<String>> phraseLists) {
        this.lists = phraseLists.size();
        List<String[]> words = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        int edges = 0;
        for (int list = 0; list < phraseLists.size(); list++) {
            for (String phrase : phraseLists.get(list)) {
                List<Token> tokens = WordTokenizer.tokenize(phrase);
                if (!tokens.isEmpty()) {
                    words.add(tokens.stream().map(Token::folded).toArray(String[]::new));
                    owner.add(list);
                    phrases.add(phrase);
                    edges += tokens.size();
                }
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, edges * 2 - 1)) << 1;
        edgeParent = new int[capacity];
        edgeHash = new int[capacity];
        edgeWord = new String[capacity];
        edgeChild = new int[capacity];
        mask = capacity - 1;
        Terminal[][] ends = new Terminal[edges + 1][];
        int nodes = 1; // node 0 is the root
        for (int p = 0; p < words.size(); p++) {
            int node = 0;
            for (String word : words.get(p)) {
                int slot = find(node, word.hashCode(), word);
                if (edgeChild[slot] == 0) {
                    edgeParent[slot] = node;
                    edgeHash[slot] = word.hashCode();
                    edgeWord[slot] = word;
                    edgeChild[slot] = nodes++;
                }
                node = edgeChild[slot];
            }
            Terminal[] here = ends[node] == null ? NONE : ends[node];
            int list = owner.get(p);
            if (Arrays.stream(here).noneMatch(t -> t.list() == list)) {
                Terminal[] grown = Arrays.copyOf(here, here.length + 1);
                grown[here.length] = new Terminal(phrases.get(p), list);
                ends[node] = grown;
            }
        }
        terminals = Arrays.copyOf(ends, nodes);
    }

    private static int slotHash(int parent, int wordHash) {
        int h = parent * 0x9E3779B1 + wordHash;
        return h ^ (h >>> 15);
    }

    /** The slot holding the edge, or the empty slot where it would go (build time). */
    private int find(int parent, int hash, String word) {
        int slot = slotHash(parent, hash) & mask;
        while (edgeChild[slot] != 0
                && !(edgeParent[slot] == parent && edgeHash[slot] == hash && edgeWord[slot].equals(word))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The child of {@code node} along token {@code at}, or 0 when the trie has no such edge. */
    private int child(int node, Tokens tokens, int at) {
        int hash = tokens.hash(at);
        int slot = slotHash(node, hash) & mask;
        while (true) {
            int child = edgeChild[slot];
            if (child == 0) {
                return 0;
            }
            if (edgeHash[slot] == hash && edgeParent[slot] == node && tokens.is(at, edgeWord[slot])) {
                return child;
            }
            slot = (slot + 1) & mask;
        }
    }

    public boolean isEmpty() {
        return terminals.length == 1;
    }

    /**
     * Non-overlapping matches, left to right, longest first at each position, on tokens of
     * normalized text shared by all rules. Spans are in the normalized text;
     * callers map them back to the original.
     */
    public List<Match> findIn(Tokens tokens) {
        if (isEmpty()) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>(0);
        int n = tokens.size();
        int i = 0;
        while (i < n) {
            int node = 0;
            int bestLast = -1;
            String best = null;
            for (int j = i; j < n; j++) {
                if (j > i && lineBreakBetween(tokens, j)) {
                    break;
                }
                node = child(node, tokens, j);
                if (node == 0) {
                    break;
                }
                Terminal[] ends = terminals[node];
                if (ends != null) {
                    best = ends[0].phrase();
                    bestLast = j;
                }
            }
            if (bestLast < 0) {
                i++;
            } else {
                matches.add(new Match(best, tokens.start(i), tokens.end(bestLast)));
                i = bestLast + 1;
            }
        }
        return matches;
    }

    /** Per-list matching in one walk: each list keeps its own cursor, so lists never shadow each other. */
    void findPerList(Tokens tokens, List<List<Match>> out) {
        if (isEmpty()) {
            return;
        }
        int[] next = new int[lists];
        int[] bestLast = new int[lists];
        String[] best = new String[lists];
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            int node = child(0, tokens, i);
            if (node == 0) {
                continue; // most words start no phrase
            }
            Arrays.fill(bestLast, -1);
            for (int j = i; ; ) {
                Terminal[] ends = terminals[node];
                if (ends != null) {
                    for (Terminal t : ends) {
                        if (next[t.list()] <= i) {
                            best[t.list()] = t.phrase();
                            bestLast[t.list()] = j; // deeper is longer
                        }
                    }
                }
                if (++j >= n || lineBreakBetween(tokens, j)) {
                    break;
                }
                node = child(node, tokens, j);
                if (node == 0) {
                    break;
                }
            }
            for (int list = 0; list < lists; list++) {
                if (bestLast[list] >= 0) {
                    out.get(list).add(new Match(best[list], tokens.start(i), tokens.end(bestLast[list])));
                    next[list] = bestLast[list] + 1;
                }
            }
        }
    }

    // The tokenizer skips separators, but a phrase must not match across a line break.
    private static boolean lineBreakBetween(Tokens tokens, int j) {
        String text = tokens.text();
        for (int k = tokens.end(j - 1); k < tokens.start(j); k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
