package io.countersign.core.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message that came back to a sending mailbox: a reply, or a delivery status notification
 * (RFC 3464 bounce). {@code references} are the Message-IDs it names in In-Reply-To and References
 * (and, for a bounce, the original message's id from its returned headers).
 */
public record InboundMail(String messageId, String from, List<String> references, String text, Instant receivedAt,
                          Bounce bounce) {

    /**
     * A delivery status notification: {@code action} failed / delayed / delivered, {@code status}
     * the RFC 3463 code ("5.1.1"), {@code recipient} the address it concerns.
     */
    public record Bounce(String action, String status, String recipient, String diagnostic) {
        /** A permanent failure: the address will not take mail (5.x.x). */
        public boolean hard() {
            return "failed".equalsIgnoreCase(action) && status.startsWith("5");
        }
    }

    public InboundMail {
        messageId = messageId == null ? "" : messageId.strip();
        from = from == null ? "" : from.strip();
        references = references == null ? List.of() : List.copyOf(references);
        text = text == null ? "" : text;
        Objects.requireNonNull(references);
    }
}
