package io.countersign.core.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An audit event before it is stored: type, actor and event-specific members. The log assigns
 * {@code seq} and {@code ts} when it appends, so order and time come from one place.
 * Member values must be JSON values accepted by {@link Jcs}: strings, integers, booleans, lists, maps.
 */
public final class AuditEvent {

    private final String type;
    private final Actor actor;
    private final Map<String, Object> members;

    private AuditEvent(String type, Actor actor, Map<String, Object> members) {
        this.type = type;
        this.actor = actor;
        this.members = members;
    }

    public static Builder of(AuditEventType type, Actor actor) {
        return new Builder(type.wireName(), actor);
    }

    /** Only for tests of the encoding itself: production events take a catalogued {@link AuditEventType}. */
    static Builder of(String type, Actor actor) {
        return new Builder(type, actor);
    }

    public String type() {
        return type;
    }

    public Actor actor() {
        return actor;
    }

    public Map<String, Object> members() {
        return members;
    }

    private static final java.util.List<String> HOLES = java.util.List.of("seq", "ts");

    /** The canonical text around {@code seq} and {@code ts}; computed once, on whichever thread asks first. */
    private volatile java.util.List<String> prepared;

    /**
     * Writes the canonical form of everything but {@code seq} and {@code ts} now, so the writer that
     * appends the event (one thread, under the write lock) only splices in those two values. Safe
     * to call from any thread; calling it is optional.
     */
    public AuditEvent prepare() {
        if (prepared == null) {
            Map<String, Object> object = new LinkedHashMap<>(members);
            object.put("type", type);
            Map<String, Object> actorObject = new LinkedHashMap<>();
            actorObject.put("kind", actor.kind().wireName());
            actorObject.put("id", actor.id());
            object.put("actor", actorObject);
            prepared = Jcs.objectWithHoles(object, HOLES);
        }
        return this;
    }

    /** The canonical (RFC 8785) line stored in the log for this event at {@code seq} and {@code ts}. */
    public String canonicalLine(long seq, Instant ts) {
        java.util.List<String> parts = prepare().prepared;
        String time = Jcs.string(ts.toString());
        return new StringBuilder(parts.get(0).length() + parts.get(1).length() + parts.get(2).length() + 48)
                .append(parts.get(0)).append(seq).append(parts.get(1)).append(time).append(parts.get(2)).toString();
    }

    public static final class Builder {
        private static final java.util.Set<String> RESERVED = java.util.Set.of("seq", "ts", "type", "actor");
        private final String type;
        private final Actor actor;
        private final Map<String, Object> members = new LinkedHashMap<>();

        private Builder(String type, Actor actor) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("event type must not be empty");
            }
            this.type = type;
            this.actor = Objects.requireNonNull(actor, "actor");
        }

        /** Adds a member; null and empty-string values are left out so absent data stays absent. */
        public Builder with(String key, Object value) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is set by the audit log itself");
            }
            if (value != null && !(value instanceof String s && s.isEmpty())) {
                members.put(key, value);
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(type, actor, Map.copyOf(members));
        }
    }
}
