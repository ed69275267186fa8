package io.countersign.core.draft;

/** Where a draft stands in human review. Only {@link #APPROVED} drafts may ever be sent. */
public enum ReviewStatus {
    PENDING, APPROVED, REJECTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
