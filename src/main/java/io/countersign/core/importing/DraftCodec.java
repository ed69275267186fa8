package io.countersign.core.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.Research;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between a draft and its JSON form (the import format, also used to store drafts).
 * Validation collects every problem in a record, naming the field, so one fix pass is enough.
 */
public final class DraftCodec {

    /** Content larger than this many UTF-8 bytes is refused; real messages are far smaller. */
    public static final int MAX_CONTENT_BYTES = 100 * 1024;
    /** Any other single field larger than this is refused. */
    public static final int MAX_FIELD_BYTES = 100 * 1024;

    /** Unknown fields are kept with the draft up to this many bytes of JSON in all; a draft with more is refused. */
    public static final int MAX_UNKNOWN_FIELDS_BYTES = 16 * 1024;

    /** Numbers keep their decimal value: 1e999999 stays that number, not "Infinity". */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> TOP = Set.of("id", "channel", "identityId", "lead", "subject", "content",
            "claims", "research", "promptVersion", "campaign", "template", "persona", "createdBy", "createdAt");
    /** Fields that may hold line breaks; every other text field is one line. */
    private static final Set<String> MULTI_LINE = Set.of("content", "research.summary", "research.angle");
    private static final Set<String> LEAD = Set.of("id", "name", "email", "profileUrl", "company");
    private static final Set<String> CLAIM = Set.of("type", "value", "evidenceUrl");
    private static final Set<String> RESEARCH = Set.of("summary", "angle");

    /** Either a draft or the reasons it could not be built. */
    public record Result(Draft draft, List<String> errors) {
        public boolean ok() {
            return draft != null;
        }
    }

    private DraftCodec() {
    }

    public static Result fromJson(JsonNode node) {
        return fromJson(node, true);
    }

    /**
     * @param importing apply the rules for new input (one-line fields, clean ids, the unknown-field
     *                  cap) — not when reading back what an earlier version stored
     */
    private static Result fromJson(JsonNode node, boolean importing) {
        boolean saved = STRICT.get();
        STRICT.set(importing);
        try {
            return read(node, importing);
        } finally {
            STRICT.set(saved);
        }
    }

    /** Whether the read on this thread applies the rules for new input (see {@link #fromJson(JsonNode, boolean)}). */
    private static final ThreadLocal<Boolean> STRICT = ThreadLocal.withInitial(() -> true);

    private static Result read(JsonNode node, boolean importing) {
        List<String> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return new Result(null, List.of("a draft must be a JSON object"));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        collectExtra(node, TOP, "", extra);

        String id = requiredString(node, "id", errors);
        if (importing && id != null && id.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || Character.isWhitespace(c) && c != ' ')) {
            errors.add("id: must not hold control, format or line-break characters (found in '"
                    + id.codePoints().limit(40).collect(StringBuilder::new, (b, c) -> b.append(Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT ? String.format(java.util.Locale.ROOT, "\\u%04X", c)
                            : new String(Character.toChars(c))), StringBuilder::append) + "')");
        }
        String channelName = requiredString(node, "channel", errors);
        Channel channel = null;
        if (channelName != null) {
            channel = Channel.fromWireName(channelName).orElse(null);
            if (channel == null) {
                errors.add("channel: unknown channel '" + channelName + "' (use email or linkedin)");
            }
        }
        String identityId = requiredString(node, "identityId", errors);
        Lead lead = lead(node.get("lead"), errors, extra);
        String subject = optionalString(node, "subject", errors);
        String content = requiredString(node, "content", errors);
        if (content != null && content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            errors.add("content: " + content.getBytes(StandardCharsets.UTF_8).length + " bytes, over the "
                    + MAX_CONTENT_BYTES + "-byte limit");
        }
        if (channel == Channel.EMAIL && (subject == null || subject.isBlank())) {
            errors.add("subject: required for email drafts");
        }
        if (channel == Channel.LINKEDIN && subject != null && !subject.isBlank()) {
            errors.add("subject: LinkedIn messages have no subject; remove it or use channel email");
        }
        List<Claim> claims = claims(node.get("claims"), errors, extra);
        Research research = research(node.get("research"), errors, extra);
        String promptVersion = optionalString(node, "promptVersion", errors);
        String campaign = optionalString(node, "campaign", errors);
        String template = optionalString(node, "template", errors);
        String persona = optionalString(node, "persona", errors);
        String createdBy = requiredString(node, "createdBy", errors);
        Instant createdAt = instant(node, "createdAt", errors);
        if (importing && !extra.isEmpty()) {
            int size = JSON.valueToTree(extra).toString().getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_UNKNOWN_FIELDS_BYTES) {
                String largest = extra.entrySet().stream().max(java.util.Comparator.comparingInt(
                        e -> JSON.valueToTree(e.getValue()).toString().length())).map(Map.Entry::getKey).orElse("");
                errors.add("unknown fields take " + size / 1024 + " KB, over the " + MAX_UNKNOWN_FIELDS_BYTES / 1024
                        + " KB kept per draft (largest: " + largest + "); remove them from the file");
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new Draft(id, channel, identityId, lead, subject, content, claims, research,
                promptVersion, campaign, template, persona, createdBy, createdAt, extra), List.of());
    }

    public static ObjectNode toJson(Draft d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.id());
        o.put("channel", d.channel().wireName());
        o.put("identityId", d.identityId());
        ObjectNode lead = o.putObject("lead");
        lead.put("id", d.lead().id());
        putIfPresent(lead, "name", d.lead().name());
        putIfPresent(lead, "email", d.lead().email());
        putIfPresent(lead, "profileUrl", d.lead().profileUrl());
        putIfPresent(lead, "company", d.lead().company());
        putIfPresent(o, "subject", d.subject());
        o.put("content", d.content());
        ArrayNode claims = o.putArray("claims");
        for (Claim c : d.claims()) {
            ObjectNode cn = claims.addObject();
            cn.put("type", c.type());
            cn.put("value", c.value());
            putIfPresent(cn, "evidenceUrl", c.evidenceUrl());
        }
        ObjectNode research = o.putObject("research");
        research.put("summary", d.research().summary());
        research.put("angle", d.research().angle());
        putIfPresent(o, "promptVersion", d.promptVersion());
        putIfPresent(o, "campaign", d.campaign());
        putIfPresent(o, "template", d.template());
        putIfPresent(o, "persona", d.persona());
        o.put("createdBy", d.createdBy());
        o.put("createdAt", d.createdAt().toString());
        if (!d.extra().isEmpty()) {
            o.set("extra", JSON.valueToTree(d.extra()));
        }
        return o;
    }

    /** Reads a stored draft (the form written by {@link #toJson}), restoring kept unknown fields. */
    public static Draft fromStored(JsonNode node) {
        // Only the top level changes (without "extra"): a shallow copy, and none when there is nothing to take out.
        JsonNode extra = node.get("extra");
        JsonNode copy = node;
        if (extra != null) {
            ObjectNode shallow = JSON.createObjectNode();
            node.properties().forEach(f -> {
                if (!f.getKey().equals("extra")) {
                    shallow.set(f.getKey(), f.getValue());
                }
            });
            copy = shallow;
        }
        Result r = fromJson(copy, false);
        if (!r.ok()) {
            throw new IllegalStateException("stored draft is invalid: " + r.errors());
        }
        Draft d = r.draft();
        if (extra == null || !extra.isObject()) {
            return d;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> kept = JSON.convertValue(extra, LinkedHashMap.class);
        return new Draft(d.id(), d.channel(), d.identityId(), d.lead(), d.subject(), d.content(), d.claims(),
                d.research(), d.promptVersion(), d.campaign(), d.template(), d.persona(), d.createdBy(),
                d.createdAt(), kept);
    }

    /**
     * The lead of a stored draft (the form written by {@link #toJson}), read without building the
     * rest of the document: what the outbox needs of each approved draft.
     */
    public static Lead storedLead(String doc) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(doc)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored draft is not a JSON object");
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("lead")) {
                    List<String> errors = new ArrayList<>();
                    Lead lead = lead(JSON.readTree(p), errors, new LinkedHashMap<>());
                    if (lead == null) {
                        throw new IllegalStateException("stored draft has an invalid lead: " + errors);
                    }
                    return lead;
                }
                p.skipChildren();
            }
            throw new IllegalStateException("stored draft has no lead");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored draft is not readable JSON: " + e.getMessage(), e);
        }
    }

    private static Lead lead(JsonNode node, List<String> errors, Map<String, Object> extra) {
        if (node == null || node.isNull()) {
            errors.add("lead: required (an object with at least id)");
            return null;
        }
        if (!node.isObject()) {
            errors.add("lead: must be an object, found " + kind(node));
            return null;
        }
        collectExtra(node, LEAD, "lead.", extra);
        int before = errors.size();
        String id = requiredString(node, "id", errors, "lead.id");
        String name = optionalString(node, "name", errors, "lead.name");
        String email = optionalString(node, "email", errors, "lead.email");
        String url = optionalString(node, "profileUrl", errors, "lead.profileUrl");
        String company = optionalString(node, "company", errors, "lead.company");
        return errors.size() > before ? null : new Lead(id, name, email, url, company);
    }

    private static List<Claim> claims(JsonNode node, List<String> errors, Map<String, Object> extra) {
        List<Claim> claims = new ArrayList<>();
        if (node == null || node.isNull()) {
            return claims;
        }
        if (!node.isArray()) {
            errors.add("claims: must be an array, found " + kind(node));
            return claims;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String path = "claims[" + i + "]";
            if (!c.isObject()) {
                errors.add(path + ": must be an object, found " + kind(c));
                continue;
            }
            collectExtra(c, CLAIM, path + ".", extra);
            int before = errors.size();
            String type = optionalString(c, "type", errors, path + ".type");
            String value = requiredString(c, "value", errors, path + ".value");
            String evidence = optionalString(c, "evidenceUrl", errors, path + ".evidenceUrl");
            if (errors.size() == before) {
                claims.add(new Claim(type == null || type.isBlank() ? "metric" : type, value, evidence));
            }
        }
        return claims;
    }

    private static Research research(JsonNode node, List<String> errors, Map<String, Object> extra) {
        if (node == null || node.isNull()) {
            return Research.NONE;
        }
        if (!node.isObject()) {
            errors.add("research: must be an object, found " + kind(node));
            return Research.NONE;
        }
        collectExtra(node, RESEARCH, "research.", extra);
        return new Research(optionalString(node, "summary", errors, "research.summary"),
                optionalString(node, "angle", errors, "research.angle"));
    }

    private static Instant instant(JsonNode node, String field, List<String> errors) {
        String raw = requiredString(node, field, errors);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field + ": '" + raw + "' is not an RFC 3339 timestamp such as 2026-11-25T09:30:00Z");
            return null;
        }
    }

    private static String requiredString(JsonNode node, String field, List<String> errors) {
        return requiredString(node, field, errors, field);
    }

    private static String requiredString(JsonNode node, String field, List<String> errors, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            errors.add(path + ": required");
            return null;
        }
        String value = optionalString(node, field, errors, path);
        if (value != null && value.isBlank()) {
            errors.add(path + ": must not be empty");
            return null;
        }
        return value;
    }

    private static String optionalString(JsonNode node, String field, List<String> errors) {
        return optionalString(node, field, errors, field);
    }

    private static String optionalString(JsonNode node, String field, List<String> errors, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(path + ": must be a string, found " + kind(v));
            return null;
        }
        String s = v.textValue();
        int bad = unpairedSurrogate(s);
        if (bad >= 0) {
            errors.add(path + ": contains an unpaired UTF-16 surrogate at character " + bad);
            return null;
        }
        if (!field.equals("content") && s.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_BYTES) {
            errors.add(path + ": over the " + MAX_FIELD_BYTES + "-byte limit");
            return null;
        }
        if (STRICT.get() && !MULTI_LINE.contains(path) && !path.equals("id") && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
            // A subject with a line break would inject mail headers; an id, a name or a date with one
            // is, in CSV, most often a quote left open that swallowed the next record.
            errors.add(path + ": must be one line (holds a line break)");
            return null;
        }
        return s;
    }

    /** Index of the first lone surrogate, or -1. Such strings cannot be stored as UTF-8 or audited. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void collectExtra(JsonNode node, Set<String> known, String prefix, Map<String, Object> extra) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                extra.put(prefix + e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        }
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
