package io.countersign.core.draft;

import java.util.Objects;

/** The person a draft is addressed to. Only {@code id} is required. */
public record Lead(String id, String name, String email, String profileUrl, String company) {
    public Lead {
        Objects.requireNonNull(id, "lead.id");
    }

    /** The lead URL recorded in audit events: the profile URL, else a mailto link, else empty. */
    public String url() {
        if (profileUrl != null && !profileUrl.isBlank()) {
            return profileUrl;
        }
        if (email != null && !email.isBlank()) {
            return "mailto:" + email;
        }
        return "";
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
