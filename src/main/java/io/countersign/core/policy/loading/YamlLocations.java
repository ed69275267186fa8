package io.countersign.core.policy.loading;

import io.countersign.core.policy.*;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Line and column of every value in a YAML document by its path ("rules.links.max-links",
 * "phrase-lists[0].phrases[3]"), so validation errors can say where the problem is.
 */
final class YamlLocations {

    private final Map<String, int[]> positions = new HashMap<>();

    YamlLocations(byte[] yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Integer.MAX_VALUE);
            Node root = new Yaml(options).compose(new StringReader(new String(yaml, StandardCharsets.UTF_8)));
            if (root != null) {
                walk(root, "");
            }
        } catch (RuntimeException e) {
            // Locations are a courtesy; the caller still reports the problem without them.
        }
    }

    private void walk(Node node, String path) {
        positions.putIfAbsent(path, new int[] {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1});
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    positions.put(child + "#key", new int[] {key.getStartMark().getLine() + 1, key.getStartMark().getColumn() + 1});
                    walk(t.getValueNode(), child);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(seq.getValue().get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * The first key that appears twice in one mapping, with both places: YAML parsers keep the last
     * value silently, so a second {@code phrase-lists:} would drop the first list without a word.
     * Empty when every key is unique (or the text is no YAML the composer reads).
     */
    static java.util.Optional<Duplicate> firstDuplicate(byte[] yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Integer.MAX_VALUE);
            Node root = new Yaml(options).compose(new StringReader(new String(yaml, StandardCharsets.UTF_8)));
            return root == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(duplicateIn(root, ""));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A repeated key: its path, and line:column of its first and its second appearance. */
    record Duplicate(String path, int firstLine, int firstColumn, int line, int column) {
    }

    private static Duplicate duplicateIn(Node node, String path) {
        if (node instanceof MappingNode map) {
            Map<String, ScalarNode> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    ScalarNode first = seen.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        return new Duplicate(child, first.getStartMark().getLine() + 1, first.getStartMark().getColumn() + 1,
                                key.getStartMark().getLine() + 1, key.getStartMark().getColumn() + 1);
                    }
                    Duplicate inner = duplicateIn(t.getValueNode(), child);
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Duplicate inner = duplicateIn(seq.getValue().get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** ":line:column" of the path's value (or of its key when {@code key}), else of the nearest parent; empty if unknown. */
    String of(String path, boolean key) {
        String p = path;
        if (key && positions.containsKey(p + "#key")) {
            int[] pos = positions.get(p + "#key");
            return ":" + pos[0] + ":" + pos[1];
        }
        while (true) {
            int[] pos = positions.get(p);
            if (pos != null) {
                return ":" + pos[0] + ":" + pos[1];
            }
            if (p.isEmpty()) {
                return "";
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
