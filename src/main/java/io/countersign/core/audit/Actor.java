package io.countersign.core.audit;

import java.util.Objects;

/** Who caused an audit event: a named human reviewer, a drafting agent, or Countersign itself. */
public record Actor(Kind kind, String id) {
    public enum Kind {
        HUMAN, AGENT, SYSTEM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("actor id must not be empty");
        }
    }

    public static Actor human(String id) {
        return new Actor(Kind.HUMAN, id);
    }

    public static Actor agent(String id) {
        return new Actor(Kind.AGENT, id);
    }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "countersign");
}
