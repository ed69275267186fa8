package io.countersign.core.replies;

import io.countersign.core.draft.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * A message a lead sent back, on any channel.
 *
 * @param from       the sender as the channel knows them: an email address or a LinkedIn profile URL (may be empty when leadId is set)
 * @param leadId     the lead record, when the source knows it (may be empty when from is set)
 * @param receivedAt when the lead sent it; null when the source does not say
 */
public record Reply(String id, Channel channel, String from, String leadId, String text, Instant receivedAt) {

    public Reply {
        Objects.requireNonNull(channel, "channel");
        id = id == null ? "" : id;
        from = from == null ? "" : from.strip();
        leadId = leadId == null ? "" : leadId.strip();
        text = text == null ? "" : text;
        if (from.isEmpty() && leadId.isEmpty()) {
            throw new IllegalArgumentException("a reply needs from or leadId: otherwise nobody can be suppressed");
        }
    }
}
