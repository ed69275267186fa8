package io.countersign.core.outbox;

import io.countersign.core.identity.Identity;
import java.util.Objects;

/**
 * What a channel adapter sends: the approved text, the recipient and the sending identity, with
 * the ids that make a retry recognisable as the same message.
 *
 * @param messageId       the RFC 5322 Message-ID, angle brackets included; the same on every attempt
 * @param idempotencyKey  for providers and receivers that deduplicate: the same on every attempt
 * @param unsubscribeMailto a {@code mailto:} URI for List-Unsubscribe (always present for email)
 * @param unsubscribeUrl  an https URI for one-click unsubscribe (RFC 8058), or empty
 */
public record OutboundMessage(long outboxId, String draftId, Identity identity, String recipient, String recipientName,
                              String subject, String body, String messageId, String idempotencyKey,
                              String unsubscribeMailto, String unsubscribeUrl) {
    public OutboundMessage {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(recipient, "recipient");
        recipientName = recipientName == null ? "" : recipientName;
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        unsubscribeMailto = unsubscribeMailto == null ? "" : unsubscribeMailto;
        unsubscribeUrl = unsubscribeUrl == null ? "" : unsubscribeUrl;
    }
}
