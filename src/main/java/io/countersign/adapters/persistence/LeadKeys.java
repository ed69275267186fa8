package io.countersign.adapters.persistence;

import io.countersign.core.contact.Suppression;

/** Normalized lead keys stored as columns, so contact history and suppression compare like with like. */
public final class LeadKeys {

    private LeadKeys() {
    }

    public static String email(String raw) {
        return raw == null || raw.isBlank() ? null : Suppression.Kind.EMAIL.normalize(raw);
    }

    public static String linkedin(String raw) {
        return raw == null || raw.isBlank() ? null : Suppression.Kind.LINKEDIN.normalize(raw);
    }
}
