package io.countersign.core.policy.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.draft.Draft;
import io.countersign.core.importing.DraftCodec;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.PolicyInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Example messages with the decision and rules a policy must produce: the policy's own unit
 * tests. A case is a draft (same fields as the import format; missing ones come from
 * {@code defaults}) plus {@code expect: {decision, rules, absent}}.
 */
public final class PolicySuite {

    /** One example and what the policy must say about it. */
    public record Case(String name, Draft draft, Decision decision, Set<String> rules, Set<String> absent) {
    }

    /** The outcome of one case; {@code problems} is empty when it passed. */
    public record Result(Case testCase, PolicyDecision actual, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper YAML = io.countersign.core.policy.loading.PolicyLoader.YAML; // strict about repeated keys

    private final List<Case> cases;

    private PolicySuite(List<Case> cases) {
        this.cases = List.copyOf(cases);
    }

    public List<Case> cases() {
        return cases;
    }

    public static PolicySuite parse(byte[] bytes, String source) throws PolicyException {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            var duplicate = io.countersign.core.policy.loading.PolicyLoader.duplicateKey(bytes, source);
            if (duplicate.isPresent()) {
                throw new PolicyException(duplicate.get(), e);
            }
            throw new PolicyException(source + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.path("cases").isArray()) {
            throw new PolicyException(source + ": a suite needs a 'cases' list");
        }
        JsonNode defaults = root.path("defaults");
        List<Case> cases = new ArrayList<>();
        JsonNode list = root.get("cases");
        for (int i = 0; i < list.size(); i++) {
            cases.add(parseCase(list.get(i), defaults, source + ": cases[" + i + "]", i));
        }
        return new PolicySuite(cases);
    }

    private static Case parseCase(JsonNode node, JsonNode defaults, String where, int index) throws PolicyException {
        if (!node.isObject()) {
            throw new PolicyException(where + ": must be a mapping");
        }
        ObjectNode draft = ((ObjectNode) node).deepCopy();
        String name = draft.path("name").asText("case " + (index + 1));
        JsonNode expect = draft.remove("expect");
        draft.remove("name");
        if (defaults.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = defaults.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!draft.has(e.getKey())) {
                    draft.set(e.getKey(), e.getValue().deepCopy());
                } else if (e.getValue().isObject() && draft.get(e.getKey()).isObject()) {
                    ObjectNode merged = e.getValue().deepCopy();
                    merged.setAll((ObjectNode) draft.get(e.getKey()));
                    draft.set(e.getKey(), merged);
                }
            }
        }
        fill(draft, "id", "case-" + (index + 1));
        fill(draft, "identityId", "suite");
        fill(draft, "createdBy", "policy-suite");
        fill(draft, "createdAt", "2026-01-01T00:00:00Z");
        if (!draft.has("lead")) {
            draft.putObject("lead");
        }
        if (!draft.get("lead").has("id")) {
            ((ObjectNode) draft.get("lead")).put("id", "lead-" + (index + 1));
        }
        DraftCodec.Result parsed = DraftCodec.fromJson(draft);
        if (!parsed.ok()) {
            throw new PolicyException(where + " (" + name + "): " + String.join("; ", parsed.errors()));
        }
        if (expect == null || !expect.has("decision")) {
            throw new PolicyException(where + " (" + name + "): expect.decision is required");
        }
        Decision decision;
        try {
            decision = Decision.fromWireName(expect.get("decision").asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(where + " (" + name + "): expect.decision must be allow, block or require_approval");
        }
        return new Case(name, parsed.draft(), decision, names(expect.get("rules")), names(expect.get("absent")));
    }

    private static void fill(ObjectNode o, String key, String value) {
        if (!o.has(key)) {
            o.put(key, value);
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    public List<Result> run(Policy policy) {
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            PolicyDecision actual = policy.evaluate(PolicyInput.original(c.draft()));
            Set<String> fired = new TreeSet<>();
            for (Finding f : actual.findings()) {
                if (!f.observed()) {
                    fired.add(f.ruleId());
                }
            }
            List<String> problems = new ArrayList<>();
            if (actual.decision() != c.decision()) {
                problems.add("expected " + c.decision().wireName() + ", got " + actual.decision().wireName()
                        + (actual.reasons().isEmpty() ? "" : " (" + actual.reason() + ")"));
            }
            for (String rule : c.rules()) {
                if (!fired.contains(rule)) {
                    problems.add("rule " + rule + " did not fire");
                }
            }
            for (String rule : c.absent()) {
                if (fired.contains(rule)) {
                    problems.add("rule " + rule + " fired but must not");
                }
            }
            results.add(new Result(c, actual, problems));
        }
        return results;
    }
}
