package io.countersign.core.policy;

/** Which part of a draft a finding's span points into. */
public enum TextField {
    SUBJECT("subject"),
    BODY("body");

    private final String wireName;

    TextField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
