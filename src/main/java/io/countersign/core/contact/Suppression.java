package io.countersign.core.contact;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One do-not-contact entry. It applies to every channel and every sending identity: a lead who
 * objected by email is not messaged on LinkedIn either.
 *
 * @param value  normalized with {@link Kind#normalize}
 * @param source where the objection came from (email-reply, linkedin-message, manual, csv import…)
 */
public record Suppression(Kind kind, String value, String reason, String source, String addedBy, Instant addedAt) {

    public enum Kind {
        EMAIL, DOMAIN, COMPANY, LINKEDIN, LEAD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWireName(String s) {
            for (Kind k : values()) {
                if (k.wireName().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** The comparable form of a value: case-folded, LinkedIn URLs without scheme, www, query or trailing slash. */
        public String normalize(String raw) {
            String v = raw == null ? "" : raw.strip();
            return switch (this) {
                case EMAIL, DOMAIN -> v.toLowerCase(Locale.ROOT).replaceFirst("^@", "");
                case COMPANY -> v.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Z}]+", " ")
                        .replaceAll("[,.]?\\s+(inc|llc|ltd|gmbh|ag|sa|bv|plc|corp|co)\\.?$", "");
                case LINKEDIN -> v.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^(www\\.|[a-z]{2}\\.)", "")
                        .replaceFirst("[?#].*$", "").replaceFirst("/+$", "");
                case LEAD -> v;
            };
        }
    }

    public Suppression {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("suppression value must not be empty");
        }
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
        addedBy = addedBy == null ? "" : addedBy;
        Objects.requireNonNull(addedAt, "addedAt");
    }

    public String describe() {
        return kind.wireName() + " " + value + (reason.isEmpty() ? "" : ": " + reason)
                + (source.isEmpty() ? "" : " (" + source + ")");
    }
}
