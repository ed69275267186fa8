package io.countersign.core.draft;

/** What the agent learned about the lead, and the angle it chose. Either part may be empty. */
public record Research(String summary, String angle) {
    public static final Research NONE = new Research("", "");

    public Research {
        summary = summary == null ? "" : summary;
        angle = angle == null ? "" : angle;
    }
}
