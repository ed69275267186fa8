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

        private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("[\\s\\p{Z}]+");
        private static final java.util.regex.Pattern COMPANY_SUFFIX =
                java.util.regex.Pattern.compile("[,.]?\\s+(inc|llc|ltd|gmbh|ag|sa|bv|plc|corp|co)\\.?$");
        private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^https?://");
        private static final java.util.regex.Pattern HOST_PREFIX = java.util.regex.Pattern.compile("^(www\\.|[a-z]{2}\\.)");
        private static final java.util.regex.Pattern QUERY = java.util.regex.Pattern.compile("[?#].*$");
        private static final java.util.regex.Pattern TRAILING_SLASHES = java.util.regex.Pattern.compile("/+$");

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
            // Precompiled: String.replaceFirst compiles its pattern on every call, and this runs for
            // every draft an import stores or evaluates.
            return switch (this) {
                case EMAIL, DOMAIN -> {
                    String lower = v.toLowerCase(Locale.ROOT);
                    yield lower.startsWith("@") ? lower.substring(1) : lower;
                }
                case COMPANY -> COMPANY_SUFFIX.matcher(SPACES.matcher(v.toLowerCase(Locale.ROOT)).replaceAll(" ")).replaceAll("");
                case LINKEDIN -> TRAILING_SLASHES.matcher(QUERY.matcher(HOST_PREFIX.matcher(SCHEME.matcher(
                        v.toLowerCase(Locale.ROOT)).replaceFirst("")).replaceFirst("")).replaceFirst("")).replaceFirst("");
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
