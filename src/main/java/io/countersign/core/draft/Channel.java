package io.countersign.core.draft;

import java.util.Locale;
import java.util.Optional;

/** The outbound channel a draft is written for. */
public enum Channel {
    EMAIL("email"),
    LINKEDIN("linkedin");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in import files, the audit log and the CLI. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Channel> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (Channel channel : values()) {
            if (channel.wireName.equals(normalized)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
