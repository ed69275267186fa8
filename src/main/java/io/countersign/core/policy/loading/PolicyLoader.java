package io.countersign.core.policy.loading;

import io.countersign.core.policy.*;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.countersign.core.draft.Channel;
import io.countersign.core.policy.rules.PhraseListRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates a YAML policy file. Every error names the file, line and column and the
 * path of the offending value; unknown keys and rules are errors, so a typo never silently
 * switches a guardrail off. Word lists may live in separate files ({@code phrases-file},
 * {@code terms-file}), resolved next to the policy; their bytes are part of the policy's hash.
 */
public final class PolicyLoader {

    public static final String DEFAULT_RESOURCE = "/io/countersign/core/policy/default-policy.yaml";

    /** Strict about repeated keys: YAML would keep the last silently (a second {@code phrase-lists:} dropped the first). */
    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Set<String> TOP_LEVEL = Set.of("version", "name", "phrase-lists", "rules", "overrides");
    private static final Set<String> COMMON = Set.of("enabled", "severity", "mode");
    private static final Set<String> PHRASE_LIST_KEYS = Set.of("id", "severity", "mode", "enabled", "message", "phrases",
            "phrases-file", "patterns", "channels");
    /** The rule types a policy can name, by id: the loader knows no rule by name. */
    private static final Map<String, RuleType> RULE_TYPES = byId(io.countersign.core.policy.rules.BuiltInRules.ALL);

    private static Map<String, RuleType> byId(List<RuleType> types) {
        Map<String, RuleType> m = new java.util.LinkedHashMap<>();
        for (RuleType t : types) {
            if (m.put(t.id(), t) != null) {
                throw new IllegalStateException("two rule types with id " + t.id());
            }
        }
        return Map.copyOf(m);
    }

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
            throw new PolicyException("cannot read policy file " + io.countersign.core.io.IoErrors.describe(e), e);
        }
        return parse(bytes, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses policy bytes; {@code source} names the file in error messages. Word-list files are not allowed here. */
    public static Policy parse(byte[] bytes, String source) throws PolicyException {
        return parse(bytes, source, null);
    }

    /**
     * "source:line:column: path: this key appears twice (first at …)" for the first key a YAML
     * mapping repeats, or empty. Policy and suite files are read strictly (a repeated key is an
     * error), and this names both places.
     */
    public static java.util.Optional<String> duplicateKey(byte[] bytes, String source) {
        return YamlLocations.firstDuplicate(bytes).map(d -> source + ":" + d.line() + ":" + d.column() + ": " + d.path()
                + ": this key appears twice (first at line " + d.firstLine() + ", column " + d.firstColumn() + "); YAML "
                + "would keep only the second and silently drop the first, so merge them or remove one");
    }

    public static Policy parse(byte[] bytes, String source, Path baseDir) throws PolicyException {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (JsonProcessingException e) {
            var duplicate = duplicateKey(bytes, source);
            if (duplicate.isPresent()) {
                throw new PolicyException(duplicate.get(), e);
            }
            throw new PolicyException(source + where(e.getLocation()) + ": malformed YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read policy: " + e.getMessage(), e);
        }
        return new Reader(bytes, source, baseDir).read(root);
    }

    /** One parse: collects the bytes that make up the policy (file plus word lists) for its hash. */
    private static final class Reader {
        private final byte[] bytes;
        private final String source;
        private final Path baseDir;
        private final ByteArrayOutputStream hashed = new ByteArrayOutputStream();
        private final List<String> files = new ArrayList<>();
        private YamlLocations locations;

        Reader(byte[] bytes, String source, Path baseDir) {
            this.bytes = bytes;
            this.source = source;
            this.baseDir = baseDir;
            hashed.writeBytes(bytes);
        }

        PolicyException error(String path, String problem) {
            return error(path, problem, false);
        }

        PolicyException error(String path, String problem, boolean atKey) {
            if (locations == null) {
                locations = new YamlLocations(bytes);
            }
            return new PolicyException(source + locations.of(path, atKey) + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
        }

        Policy read(JsonNode root) throws PolicyException {
            if (root == null || !root.isObject()) {
                throw error("", "a policy must be a YAML mapping with at least 'version'");
            }
            checkKeys(root, TOP_LEVEL, "");
            JsonNode version = root.get("version");
            if (version == null || !version.isValueNode() || version.asText().isBlank()) {
                throw error("version", "required (e.g. version: 1)");
            }
            if (!version.asText().strip().matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,3}")) {
                throw error("version", "must be a number such as 2 or 2.1, not '" + oneLine(version.asText().strip()) + "'");
            }
            List<PolicyRule> rules = new ArrayList<>();
            Map<String, RuleSetting> base = new HashMap<>();
            JsonNode lists = root.path("phrase-lists");
            if (!lists.isMissingNode() && !lists.isNull()) {
                if (!lists.isArray()) {
                    throw error("phrase-lists", "must be a list");
                }
                for (int i = 0; i < lists.size(); i++) {
                    phraseList(lists.get(i), "phrase-lists[" + i + "]", rules, base);
                }
            }
            JsonNode ruleNodes = root.path("rules");
            if (!ruleNodes.isMissingNode() && !ruleNodes.isNull()) {
                if (!ruleNodes.isObject()) {
                    throw error("rules", "must be a mapping of rule id to settings");
                }
                Iterator<Map.Entry<String, JsonNode>> it = ruleNodes.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    rule(e.getKey(), e.getValue(), "rules." + e.getKey(), rules, base);
                }
            }
            Set<String> ids = new TreeSet<>();
            rules.forEach(r -> ids.add(r.id()));
            List<PolicyOverride> overrides = overrides(root.path("overrides"), ids);
            String sha = sha256(hashed.toByteArray());
            PhraseListRule.shareOneIndex(rules);
            return new Policy(version.asText().trim(), sha, rules, base, overrides).withWordListFiles(files);
        }

        private void phraseList(JsonNode node, String path, List<PolicyRule> rules, Map<String, RuleSetting> base)
                throws PolicyException {
            if (node == null || !node.isObject()) {
                throw error(path, "must be a mapping with id, severity and phrases");
            }
            checkKeys(node, PHRASE_LIST_KEYS, path);
            String id = node.path("id").asText("");
            if (id.isBlank()) {
                throw error(path + ".id", "required");
            }
            if (rules.stream().anyMatch(r -> r.id().equals(id)) || RULE_TYPES.containsKey(id)) {
                throw error(path + ".id", "duplicate rule id '" + id + "'");
            }
            List<String> phrases = new ArrayList<>(strings(node.get("phrases"), path + ".phrases"));
            phrases.addAll(wordFile(node.get("phrases-file"), path + ".phrases-file"));
            List<Pattern> patterns = new ArrayList<>();
            List<String> raw = strings(node.get("patterns"), path + ".patterns");
            for (int i = 0; i < raw.size(); i++) {
                try {
                    patterns.add(Pattern.compile(raw.get(i), Pattern.CASE_INSENSITIVE));
                } catch (PatternSyntaxException e) {
                    throw error(path + ".patterns[" + i + "]", unsupported(raw.get(i))
                            .orElse("invalid regular expression: " + e.getDescription()));
                }
            }
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            List<String> channelNames = strings(node.get("channels"), path + ".channels");
            for (int i = 0; i < channelNames.size(); i++) {
                String name = channelNames.get(i);
                channels.add(Channel.fromWireName(name).orElseThrow(() -> error(path + ".channels",
                        "unknown channel '" + name + "' (use email or linkedin)")));
            }
            if (phrases.isEmpty() && patterns.isEmpty()) {
                throw error(path, "needs phrases, phrases-file or patterns");
            }
            if (!enabled(node, path)) {
                return;
            }
            rules.add(new PhraseListRule(id, severity(node, Severity.BLOCK, path), node.path("message").asText(""),
                    phrases, patterns, channels));
            mode(node, path).ifPresent(m -> base.put(id, new RuleSetting(Optional.empty(), Optional.empty(), Optional.of(m))));
        }

        private void rule(String id, JsonNode settings, String path, List<PolicyRule> rules, Map<String, RuleSetting> base)
                throws PolicyException {
            RuleType type = RULE_TYPES.get(id);
            if (type == null) {
                throw error(path, "unknown rule (known: " + String.join(", ", new TreeSet<>(RULE_TYPES.keySet())) + ")", true);
            }
            JsonNode s = settings == null || settings.isNull() ? YAML.createObjectNode() : settings;
            if (!s.isObject()) {
                throw error(path, "settings must be a mapping");
            }
            Set<String> allowed = new java.util.HashSet<>(COMMON);
            allowed.addAll(type.keys());
            checkKeys(s, allowed, path);
            if (!enabled(s, path)) {
                return;
            }
            Severity severity = severity(s, type.defaultSeverity(), path);
            PolicyRule rule = type.create(settingsOf(s, severity, path));
            rules.add(rule);
            mode(s, path).ifPresent(m -> base.put(id, new RuleSetting(Optional.empty(), Optional.empty(), Optional.of(m))));
        }

        private List<PolicyOverride> overrides(JsonNode node, Set<String> ruleIds) throws PolicyException {
            List<PolicyOverride> out = new ArrayList<>();
            if (node.isMissingNode() || node.isNull()) {
                return out;
            }
            if (!node.isArray()) {
                throw error("overrides", "must be a list of {campaign|persona|template: NAME, rules: {...}}");
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "overrides[" + i + "]";
                JsonNode o = node.get(i);
                if (!o.isObject()) {
                    throw error(path, "must be a mapping");
                }
                checkKeys(o, Set.of("campaign", "persona", "template", "rules"), path);
                List<PolicyOverride.Dimension> dims = new ArrayList<>();
                for (PolicyOverride.Dimension d : PolicyOverride.Dimension.values()) {
                    if (o.has(d.key())) {
                        dims.add(d);
                    }
                }
                if (dims.size() != 1) {
                    throw error(path, "name exactly one of campaign, persona or template");
                }
                PolicyOverride.Dimension dim = dims.get(0);
                String value = o.get(dim.key()).asText();
                Integer earlier = seen.put(dim.key() + "=" + value, i);
                if (earlier != null) {
                    throw error(path, "conflicting overrides: overrides[" + earlier + "] already sets rules for "
                            + dim.key() + " '" + value + "'; merge them into one");
                }
                JsonNode rules = o.path("rules");
                if (!rules.isObject() || rules.isEmpty()) {
                    throw error(path + ".rules", "must map rule ids to {enabled, severity, mode}");
                }
                Map<String, RuleSetting> settings = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = rules.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String rp = path + ".rules." + e.getKey();
                    if (!ruleIds.contains(e.getKey())) {
                        throw error(rp, "no rule '" + e.getKey() + "' is defined (or it is disabled)", true);
                    }
                    JsonNode s = e.getValue();
                    if (!s.isObject()) {
                        throw error(rp, "must be a mapping of enabled, severity, mode");
                    }
                    checkKeys(s, COMMON, rp);
                    settings.put(e.getKey(), new RuleSetting(
                            s.has("enabled") ? Optional.of(enabled(s, rp)) : Optional.empty(),
                            s.has("severity") ? Optional.of(severity(s, Severity.BLOCK, rp)) : Optional.empty(),
                            mode(s, rp)));
                }
                out.add(new PolicyOverride(dim, value, settings));
            }
            return out;
        }

        /** One rule's settings, with errors that name the file, line and path. */
        private RuleSettings settingsOf(JsonNode s, Severity severity, String path) {
            return new RuleSettings() {
                @Override
                public Severity severity() {
                    return severity;
                }

                @Override
                public List<String> strings(String key) throws PolicyException {
                    return Reader.this.strings(s.get(key), path + "." + key);
                }

                @Override
                public List<String> strings(String key, List<String> fallback) throws PolicyException {
                    return s.has(key) ? Reader.this.strings(s.get(key), path + "." + key) : fallback;
                }

                @Override
                public int integer(String key, int fallback) throws PolicyException {
                    return Reader.this.integer(s, key, fallback, path);
                }

                @Override
                public String text(String key) {
                    return s.path(key).asText("");
                }

                @Override
                public Severity severity(String key, Severity fallback) throws PolicyException {
                    return kindSeverity(s, key, fallback, path);
                }

                @Override
                public List<String> wordFile(String key) throws PolicyException {
                    return Reader.this.wordFile(s.get(key), path + "." + key);
                }
            };
        }

        private List<String> wordFile(JsonNode node, String path) throws PolicyException {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isTextual()) {
                throw error(path, "must be a file name");
            }
            if (baseDir == null) {
                throw error(path, "word-list files need a policy loaded from a file");
            }
            Path named;
            try {
                named = Path.of(node.asText());
            } catch (java.nio.file.InvalidPathException e) {
                throw error(path, "'" + oneLine(node.asText()) + "' is not a file name: " + e.getReason());
            }
            Path file = baseDir.resolve(named).normalize();
            if (named.isAbsolute() || !file.startsWith(baseDir.normalize())) {
                // The policy is archived and activated with its word lists; one outside its folder
                // (../../etc/passwd) would be read from anywhere and is refused by the workspace anyway.
                throw error(path, "'" + oneLine(node.asText()) + "' lies outside the policy's folder; keep word lists "
                        + "beside policy.yaml (or in a folder below it) and name them relative to it");
            }
            files.add(node.asText());
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw error(path, "cannot read word list " + io.countersign.core.io.IoErrors.describe(e));
            }
            hashed.writeBytes(content);
            List<String> words = new ArrayList<>();
            for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w);
                }
            }
            return words;
        }

        private List<String> strings(JsonNode node, String path) throws PolicyException {
            List<String> values = new ArrayList<>();
            if (node == null || node.isNull()) {
                return values;
            }
            if (!node.isArray()) {
                throw error(path, "must be a list of strings");
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (!v.isTextual() && !v.isNumber()) {
                    throw error(path + "[" + i + "]", "must be a string");
                }
                if (!v.asText().isBlank()) {
                    values.add(v.asText());
                }
            }
            return values;
        }

        private int integer(JsonNode s, String key, int fallback, String path) throws PolicyException {
            JsonNode v = s.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
                throw error(path + "." + key, "must be a whole number ≥ 0");
            }
            return v.intValue();
        }

        private boolean enabled(JsonNode settings, String path) throws PolicyException {
            if (settings == null || !settings.has("enabled")) {
                return true;
            }
            JsonNode enabled = settings.get("enabled");
            if (!enabled.isBoolean()) {
                throw error(path + ".enabled", "must be true or false");
            }
            return enabled.booleanValue();
        }

        private Severity severity(JsonNode settings, Severity fallback, String path) throws PolicyException {
            if (settings == null || !settings.has("severity")) {
                return fallback;
            }
            String raw = settings.get("severity").asText();
            return Severity.fromWireName(raw).orElseThrow(() -> error(path + ".severity",
                    "unknown severity '" + raw + "' (use block, require_approval or warn)"));
        }

        private Severity kindSeverity(JsonNode settings, String key, Severity fallback, String path) throws PolicyException {
            if (!settings.has(key)) {
                return fallback;
            }
            String raw = settings.get(key).asText();
            if (raw.equals("off")) {
                return null;
            }
            return Severity.fromWireName(raw).orElseThrow(() -> error(path + "." + key,
                    "unknown severity '" + raw + "' (use block, require_approval, warn or off)"));
        }

        private Optional<RuleMode> mode(JsonNode settings, String path) throws PolicyException {
            if (!settings.has("mode")) {
                return Optional.empty();
            }
            String raw = settings.get("mode").asText();
            return switch (raw) {
                case "enforce" -> Optional.of(RuleMode.ENFORCE);
                case "observe" -> Optional.of(RuleMode.OBSERVE);
                default -> throw error(path + ".mode", "unknown mode '" + raw + "' (use enforce or observe)");
            };
        }

        private void checkKeys(JsonNode node, Set<String> allowed, String path) throws PolicyException {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    String full = path.isEmpty() ? name : path + "." + name;
                    throw error(full, "unknown key '" + name + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")", true);
                }
            }
        }
    }

    // SnakeYAML messages span several lines with a source excerpt; keep the sentences only.
    /**
     * What RE2 (the engine that keeps every pattern linear in time) does not do, said as such:
     * RE2/J itself reports a lookbehind as "invalid named capture" and a backreference as "invalid
     * escape sequence".
     */
    static Optional<String> unsupported(String pattern) {
        String why = " is not supported: patterns run on RE2, which guarantees time linear in the message and so has "
                + "no lookaround, backreferences, atomic groups or possessive quantifiers";
        if (pattern.contains("(?<=") || pattern.contains("(?<!")) {
            return Optional.of("lookbehind (?<= … ) / (?<! … )" + why);
        }
        if (pattern.contains("(?=") || pattern.contains("(?!")) {
            return Optional.of("lookahead (?= … ) / (?! … )" + why);
        }
        if (pattern.contains("(?>")) {
            return Optional.of("an atomic group (?> … )" + why);
        }
        java.util.regex.Matcher backref = java.util.regex.Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\([1-9]|k<)").matcher(pattern);
        if (backref.find()) {
            return Optional.of("a backreference (\\" + backref.group(1).replace("k<", "k<name>") + ")" + why);
        }
        if (pattern.matches(".*[*+?}]\\+.*")) {
            return Optional.of("a possessive quantifier (*+, ++, ?+)" + why);
        }
        return Optional.empty();
    }

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
