package io.countersign.core.policy.rules;

import io.countersign.core.policy.rules.WordTokenizer.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whole-word, case-insensitive occurrences of many phrases in one pass. Phrases are indexed by
 * their first token in an open-addressing table keyed by the token's hash, so the cost per message
 * is one array probe per token whatever the list size, with no allocation.
 */
public final class PhraseMatcher {

    /** A phrase found in the text, with the span from its first to its last token. */
    public record Match(String phrase, int start, int end) {
    }

    private record Entry(String phrase, String[] tokens, int list) {
    }

    private final String[] keys;
    private final int[] keyHashes;
    private final Entry[][] entries;
    private final int mask;
    private final boolean empty;

    /** A table for one list of (normalized) phrases. */
    public static PhraseMatcher of(List<String> phrases) {
        return new PhraseMatcher(List.of(phrases));
    }

    /** One table for several lists; entries remember their list (see {@link PhraseIndex}). */
    static PhraseMatcher tagged(List<List<String>> lists) {
        return new PhraseMatcher(lists);
    }

    private PhraseMatcher(List<List<String>> lists) {
        Map<String, List<Entry>> byFirst = new HashMap<>();
        for (int list = 0; list < lists.size(); list++) {
            for (String phrase : lists.get(list)) {
                List<Token> tokens = WordTokenizer.tokenize(phrase);
                if (tokens.isEmpty()) {
                    continue;
                }
                String[] folded = tokens.stream().map(Token::folded).toArray(String[]::new);
                byFirst.computeIfAbsent(folded[0], k -> new ArrayList<>()).add(new Entry(phrase, folded, list));
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, byFirst.size() * 2 - 1)) << 1;
        keys = new String[capacity];
        keyHashes = new int[capacity];
        entries = new Entry[capacity][];
        mask = capacity - 1;
        empty = byFirst.isEmpty();
        for (Map.Entry<String, List<Entry>> e : byFirst.entrySet()) {
            List<Entry> list = e.getValue();
            // Longest phrase first, so "10x overnight" wins over "10x" at the same place.
            list.sort((a, b) -> b.tokens.length - a.tokens.length);
            int slot = spread(e.getKey().hashCode()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = e.getKey();
            keyHashes[slot] = e.getKey().hashCode();
            entries[slot] = list.toArray(Entry[]::new);
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    public boolean isEmpty() {
        return empty;
    }

    /**
     * Non-overlapping matches, left to right, longest first at each position, on tokens of
     * normalized text shared by all rules. Spans are in the normalized text;
     * callers map them back to the original.
     */
    public List<Match> findIn(Tokens tokens) {
        if (empty) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>(0);
        int i = 0;
        int n = tokens.size();
        while (i < n) {
            Entry hit = longestAt(tokens, i);
            if (hit == null) {
                i++;
                continue;
            }
            int last = i + hit.tokens.length - 1;
            matches.add(new Match(hit.phrase, tokens.start(i), tokens.end(last)));
            i = last + 1;
        }
        return matches;
    }

    /** Per-list matching in one walk: each list keeps its own cursor, so lists never shadow each other. */
    void findPerList(Tokens tokens, int lists, List<List<Match>> out) {
        if (empty) {
            return;
        }
        int[] next = new int[lists];
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            int slot = slotOf(tokens, i);
            if (slot < 0) {
                continue;
            }
            for (Entry candidate : entries[slot]) {
                // candidates are longest first, so a list's first hit at i is its longest
                if (next[candidate.list] <= i && matchesAt(tokens, i, candidate.tokens)) {
                    int last = i + candidate.tokens.length - 1;
                    out.get(candidate.list).add(new Match(candidate.phrase, tokens.start(i), tokens.end(last)));
                    next[candidate.list] = last + 1;
                }
            }
        }
    }

    /** The table slot whose key is token {@code at}, or -1. */
    private int slotOf(Tokens tokens, int at) {
        int h = tokens.hash(at);
        int slot = spread(h) & mask;
        while (true) {
            // Compare the cached hash first: one dense int array, no pointer chasing for misses.
            if (keyHashes[slot] == h) {
                String key = keys[slot];
                if (key == null) {
                    return -1; // an empty slot whose zero hash equals the token's
                }
                if (tokens.is(at, key)) {
                    return slot;
                }
            } else if (keys[slot] == null) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private Entry longestAt(Tokens tokens, int at) {
        int slot = slotOf(tokens, at);
        if (slot < 0) {
            return null;
        }
        for (Entry candidate : entries[slot]) {
            if (matchesAt(tokens, at, candidate.tokens)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean matchesAt(Tokens tokens, int at, String[] phrase) {
        if (at + phrase.length > tokens.size()) {
            return false;
        }
        String text = tokens.text();
        for (int k = 1; k < phrase.length; k++) {
            if (!tokens.is(at + k, phrase[k]) || !onlySeparatorsBetween(text, tokens.end(at + k - 1), tokens.start(at + k))) {
                return false;
            }
        }
        return true;
    }

    // The tokenizer skips separators, but a phrase must not match across a line break.
    private static boolean onlySeparatorsBetween(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }
}
