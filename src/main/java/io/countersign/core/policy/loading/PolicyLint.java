package io.countersign.core.policy.loading;

import io.countersign.core.text.NormalizedText;
import io.countersign.core.policy.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Warnings about a policy that loads but probably does not say what its author meant: phrases
 * listed twice, phrases that normalize to nothing, rules left in observe mode.
 */
public final class PolicyLint {

    private static final ObjectMapper YAML = PolicyLoader.YAML;

    private PolicyLint() {
    }

    /** Validates (throwing on errors) and returns warnings. */
    public static List<String> lint(byte[] bytes, String source, java.nio.file.Path baseDir) throws PolicyException {
        Policy policy = PolicyLoader.parse(bytes, source, baseDir);
        List<String> warnings = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            throw new PolicyException(source + ": " + e.getMessage(), e);
        }
        Map<String, String> firstSeen = new HashMap<>();
        JsonNode lists = root.path("phrase-lists");
        for (int i = 0; i < lists.size(); i++) {
            JsonNode list = lists.get(i);
            String id = list.path("id").asText();
            JsonNode phrases = list.path("phrases");
            for (int k = 0; k < phrases.size(); k++) {
                String raw = phrases.get(k).asText();
                String normalized = NormalizedText.of(raw).text().strip().replaceAll("[\\s\\-\u2010-\u2015]+", " ");
                String where = id + ".phrases[" + k + "]";
                if (normalized.isEmpty()) {
                    warnings.add(source + ": " + where + ": \u201c" + raw + "\u201d has no matchable characters");
                    continue;
                }
                String earlier = firstSeen.putIfAbsent(normalized, where);
                if (earlier != null) {
                    warnings.add(source + ": " + where + ": \u201c" + raw + "\u201d duplicates " + earlier);
                }
            }
            JsonNode patterns = list.path("patterns");
            for (int k = 0; k < patterns.size(); k++) {
                String pattern = patterns.get(k).asText();
                if (matchesAlmostAnything(pattern)) {
                    warnings.add(source + ": " + id + ".patterns[" + k + "]: \u201c" + pattern + "\u201d matches almost any "
                            + "text (it found a match in each of " + PROBES.size() + " unrelated samples): every draft would "
                            + "get its findings; anchor it to the words it is meant to catch");
                }
            }
            if ("observe".equals(list.path("mode").asText())) {
                warnings.add(source + ": phrase list " + id + " is in observe mode (findings do not change decisions)");
            }
        }
        root.path("rules").fields().forEachRemaining(e -> {
            if ("observe".equals(e.getValue().path("mode").asText())) {
                warnings.add(source + ": rule " + e.getKey() + " is in observe mode (findings do not change decisions)");
            }
        });
        if (policy.rules().isEmpty()) {
            warnings.add(source + ": no rules are enabled: every draft will be allowed");
        }
        return warnings;
    }

    /** Unrelated short texts, normalized as messages are: a pattern found in all of them flags nearly every draft. */
    static final List<String> PROBES = List.of("hello", "x", "7", "thanks, see you next week", "ok.", "zz top 2");

    static boolean matchesAlmostAnything(String pattern) {
        com.google.re2j.Pattern p;
        try {
            p = com.google.re2j.Pattern.compile(pattern, com.google.re2j.Pattern.CASE_INSENSITIVE);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return false; // the loader has reported it
        }
        for (String probe : PROBES) {
            com.google.re2j.Matcher m = p.matcher(probe);
            boolean found = false;
            while (m.find()) {
                if (m.end() > m.start()) { // empty matches are never findings
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
