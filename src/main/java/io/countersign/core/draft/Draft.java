package io.countersign.core.draft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An AI-written outreach message as it arrived from the drafting agent. Immutable: edits by a
 * reviewer live in {@link ReviewState}, so the original is always available to the audit log.
 *
 * @param extra fields of the import record that Countersign does not know; kept verbatim
 */
public record Draft(
        String id,
        Channel channel,
        String identityId,
        Lead lead,
        String subject,
        String content,
        List<Claim> claims,
        Research research,
        String promptVersion,
        String campaign,
        String template,
        String persona,
        String createdBy,
        Instant createdAt,
        Map<String, Object> extra) {

    public Draft {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        claims = claims == null ? List.of() : List.copyOf(claims);
        research = research == null ? Research.NONE : research;
        subject = subject == null ? "" : subject;
        promptVersion = promptVersion == null ? "" : promptVersion;
        campaign = campaign == null ? "" : campaign;
        template = template == null ? "" : template;
        persona = persona == null ? "" : persona;
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
