package io.countersign.core.policy.rules;

import io.countersign.core.policy.rules.WordTokenizer.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whole-word, case-insensitive occurrences of many phrases in one pass. Phrases are indexed by
 * their first token, so the cost per message is one hash lookup per token whatever the list size.
 */
public final class PhraseMatcher {

    /** A phrase found in the text, with the span from its first to its last token. */
    public record Match(String phrase, int start, int end) {
    }

    private record Entry(String phrase, String[] tokens) {
    }

    private final Map<String, List<Entry>> byFirstToken = new HashMap<>();

    public PhraseMatcher(List<String> phrases) {
        for (String phrase : phrases) {
            List<Token> tokens = WordTokenizer.tokenize(phrase);
            if (tokens.isEmpty()) {
                continue;
            }
            String[] folded = tokens.stream().map(Token::folded).toArray(String[]::new);
            byFirstToken.computeIfAbsent(folded[0], k -> new ArrayList<>()).add(new Entry(phrase, folded));
        }
        // Longest phrase first, so "10x overnight" wins over "10x" at the same place.
        byFirstToken.values().forEach(list -> list.sort((a, b) -> b.tokens.length - a.tokens.length));
    }

    public boolean isEmpty() {
        return byFirstToken.isEmpty();
    }

    /** Non-overlapping matches, left to right, longest first at each position. */
    public List<Match> find(String text) {
        List<Token> tokens = WordTokenizer.tokenize(text);
        List<Match> matches = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Entry hit = longestAt(text, tokens, i);
            if (hit == null) {
                i++;
                continue;
            }
            int last = i + hit.tokens.length - 1;
            matches.add(new Match(hit.phrase, tokens.get(i).start(), tokens.get(last).end()));
            i = last + 1;
        }
        return matches;
    }

    private Entry longestAt(String text, List<Token> tokens, int at) {
        List<Entry> candidates = byFirstToken.get(tokens.get(at).folded());
        if (candidates == null) {
            return null;
        }
        for (Entry candidate : candidates) {
            if (matchesAt(text, tokens, at, candidate.tokens)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean matchesAt(String text, List<Token> tokens, int at, String[] phrase) {
        if (at + phrase.length > tokens.size()) {
            return false;
        }
        for (int k = 1; k < phrase.length; k++) {
            Token prev = tokens.get(at + k - 1);
            Token current = tokens.get(at + k);
            if (!current.folded().equals(phrase[k]) || !onlySeparatorsBetween(text, prev.end(), current.start())) {
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
