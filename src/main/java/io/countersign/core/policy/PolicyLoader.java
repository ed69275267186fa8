package io.countersign.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.core.policy.rules.MetricEvidenceRule;
import io.countersign.core.policy.rules.PhraseListRule;
import io.countersign.core.policy.rules.PlaceholderRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML policy file. Unknown keys, wrong types and unknown severities are errors that name
 * the line and column, so a typo never silently switches a guardrail off.
 */
public final class PolicyLoader {

    public static final String DEFAULT_RESOURCE = "/io/countersign/core/policy/default-policy.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_LEVEL = Set.of("version", "name", "phrase-lists", "rules");
    private static final Set<String> PHRASE_LIST_KEYS = Set.of("id", "severity", "message", "phrases", "enabled");
    private static final Set<String> RULE_KEYS = Set.of("severity", "enabled");
    private static final Set<String> KNOWN_RULES = Set.of(MetricEvidenceRule.ID, PlaceholderRule.ID);

    private PolicyLoader() {
    }

    public static byte[] defaultPolicyBytes() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default policy missing from the application: " + DEFAULT_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Policy loadDefault() {
        try {
            return parse(defaultPolicyBytes(), "default-policy.yaml");
        } catch (PolicyException e) {
            throw new IllegalStateException("shipped default policy is invalid: " + e.getMessage(), e);
        }
    }

    public static Policy load(Path file) throws PolicyException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read policy file: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses policy bytes; {@code source} names the file in error messages. */
    public static Policy parse(byte[] bytes, String source) throws PolicyException {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + where(e.getLocation()) + ": malformed YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read policy: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(source + ": a policy must be a YAML mapping with at least 'version'");
        }
        checkKeys(root, TOP_LEVEL, source, "top level");
        JsonNode version = root.get("version");
        if (version == null || !version.isValueNode() || version.asText().isBlank()) {
            throw new PolicyException(source + ": 'version' is required (e.g. version: 1)");
        }
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode lists = root.path("phrase-lists");
        if (!lists.isMissingNode()) {
            if (!lists.isArray()) {
                throw new PolicyException(source + ": 'phrase-lists' must be a list");
            }
            for (int i = 0; i < lists.size(); i++) {
                phraseList(lists.get(i), source, "phrase-lists[" + i + "]").ifPresent(rules::add);
            }
        }
        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isMissingNode()) {
            if (!ruleNodes.isObject()) {
                throw new PolicyException(source + ": 'rules' must be a mapping of rule id to settings");
            }
            Iterator<Map.Entry<String, JsonNode>> it = ruleNodes.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String id = e.getKey();
                if (!KNOWN_RULES.contains(id)) {
                    throw new PolicyException(source + ": rules." + id + ": unknown rule (known: "
                            + String.join(", ", KNOWN_RULES.stream().sorted().toList()) + ")");
                }
                JsonNode settings = e.getValue();
                if (settings != null && !settings.isNull() && !settings.isObject()) {
                    throw new PolicyException(source + ": rules." + id + ": settings must be a mapping");
                }
                if (settings != null && settings.isObject()) {
                    checkKeys(settings, RULE_KEYS, source, "rules." + id);
                }
                if (!enabled(settings, source, "rules." + id)) {
                    continue;
                }
                Severity severity = severity(settings, Severity.BLOCK, source, "rules." + id);
                rules.add(id.equals(MetricEvidenceRule.ID) ? new MetricEvidenceRule(severity) : new PlaceholderRule(severity));
            }
        }
        return new Policy(version.asText().trim(), sha256(bytes), rules);
    }

    private static java.util.Optional<PolicyRule> phraseList(JsonNode node, String source, String path) throws PolicyException {
        if (node == null || !node.isObject()) {
            throw new PolicyException(source + ": " + path + ": must be a mapping with id, severity and phrases");
        }
        checkKeys(node, PHRASE_LIST_KEYS, source, path);
        String id = node.path("id").asText("");
        if (id.isBlank()) {
            throw new PolicyException(source + ": " + path + ".id: required");
        }
        JsonNode phrases = node.path("phrases");
        if (!phrases.isArray()) {
            throw new PolicyException(source + ": " + path + ".phrases: must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < phrases.size(); i++) {
            JsonNode p = phrases.get(i);
            if (!p.isTextual() && !p.isNumber()) {
                throw new PolicyException(source + ": " + path + ".phrases[" + i + "]: must be a string");
            }
            if (!p.asText().isBlank()) {
                values.add(p.asText());
            }
        }
        if (!enabled(node, source, path)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PhraseListRule(id, severity(node, Severity.BLOCK, source, path),
                node.path("message").asText(""), values));
    }

    private static boolean enabled(JsonNode settings, String source, String path) throws PolicyException {
        if (settings == null || !settings.has("enabled")) {
            return true;
        }
        JsonNode enabled = settings.get("enabled");
        if (!enabled.isBoolean()) {
            throw new PolicyException(source + ": " + path + ".enabled: must be true or false");
        }
        return enabled.booleanValue();
    }

    private static Severity severity(JsonNode settings, Severity fallback, String source, String path) throws PolicyException {
        if (settings == null || !settings.has("severity")) {
            return fallback;
        }
        String raw = settings.get("severity").asText();
        return Severity.fromWireName(raw).orElseThrow(() -> new PolicyException(source + ": " + path
                + ".severity: unknown severity '" + raw + "' (use block, require_approval or warn)"));
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String source, String path) throws PolicyException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new PolicyException(source + ": " + path + ": unknown key '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    // SnakeYAML messages span several lines with a source excerpt; keep the sentences only.
    private static String oneLine(String message) {
        return message == null ? "" : message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("in 'reader'"))
                .reduce((a, b) -> a + "; " + b).orElse(message.strip());
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
