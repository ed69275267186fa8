package io.countersign.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) canonical JSON for the subset fixed by audit-bundle-v1: objects with string keys
 * sorted by UTF-16 code units, strings, integers within ±(2^53−1), booleans, null and arrays.
 * Floating-point numbers are refused, as the spec requires.
 */
public final class Jcs {

    public static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private Jcs() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /**
     * The canonical text of an object with holes where the values of {@code holeKeys} go (those keys
     * must not be in {@code map}): the result has one more part than there are holes, and
     * {@code parts[0] + value(h0) + parts[1] + value(h1) + …} with the holes in sorted key order is
     * exactly {@code write} of the object with every key. Lets the costly part of an audit line be
     * written on any thread before its sequence number and time are known.
     */
    public static List<String> objectWithHoles(Map<String, ?> map, List<String> holeKeys) {
        List<String> keys = new ArrayList<>(map.keySet());
        for (String h : holeKeys) {
            if (map.containsKey(h)) {
                throw new IllegalArgumentException("hole key also present: " + h);
            }
            keys.add(h);
        }
        keys.sort(String::compareTo);
        List<String> parts = new ArrayList<>(holeKeys.size() + 1);
        StringBuilder out = new StringBuilder(512);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String k = keys.get(i);
            string(k, out);
            out.append(':');
            if (holeKeys.contains(k)) {
                parts.add(out.toString());
                out.setLength(0);
            } else {
                write(map.get(k), out);
            }
        }
        out.append('}');
        parts.add(out.toString());
        return parts;
    }

    /** One canonical string value (quoted and escaped). */
    public static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        string(s, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof com.fasterxml.jackson.databind.JsonNode n) {
            if (n.isObject()) {
                List<String> keys = new ArrayList<>(n.size());
                n.fieldNames().forEachRemaining(keys::add);
                members(keys, n::get, out);
                return;
            }
            if (!n.isArray()) {
                value = plain(n);
            }
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException("integer outside ±(2^53−1): " + n);
            }
            out.append(n);
        } else if (value instanceof Number) {
            throw new IllegalArgumentException("floats are not allowed in audit events: " + value);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out);
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out) {
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("object keys must be strings: " + key);
            }
            keys.add(s);
        }
        members(keys, map::get, out);
    }

    private static void members(List<String> keys, java.util.function.Function<String, Object> value, StringBuilder out) {
        // String.compareTo orders by UTF-16 code units, which is exactly what RFC 8785 asks for.
        keys.sort(String::compareTo);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(keys.get(i), out);
            out.append(':');
            write(value.apply(keys.get(i)), out);
        }
        out.append('}');
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        int run = 0; // start of the characters not yet copied: runs that need no escape are copied at once
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("lone surrogate at index " + i);
                        }
                        out.append(c).append(s.charAt(++i));
                        run = i + 1;
                    } else {
                        throw new IllegalArgumentException("lone surrogate at index " + i);
                    }
                }
            }
        }
        out.append(s, run, s.length());
        out.append('"');
    }

    /**
     * The canonical text of a parsed JSON value, straight from the tree (no conversion to maps):
     * what the verifier compares stored lines with.
     */
    public static String write(com.fasterxml.jackson.databind.JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        write((Object) node, out);
        return out.toString();
    }

    /** A parsed JSON value as the plain values {@link #write(Object, StringBuilder)} takes (objects and arrays stay nodes). */
    private static Object plain(com.fasterxml.jackson.databind.JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> n.textValue();
            case BOOLEAN -> n.booleanValue();
            case NULL, MISSING -> null;
            case NUMBER -> {
                if (!n.isIntegralNumber()) {
                    throw new IllegalArgumentException("floats are not allowed in audit events: " + n);
                }
                if (!n.canConvertToLong()) {
                    throw new IllegalArgumentException("integer outside ±(2^53−1): " + n);
                }
                yield n.longValue();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        };
    }
}
