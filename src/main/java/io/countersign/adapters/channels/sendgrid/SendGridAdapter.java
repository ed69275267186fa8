package io.countersign.adapters.channels.sendgrid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.adapters.channels.email.EmailMessages;
import io.countersign.adapters.channels.http.HttpSend;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * SendGrid's v3 Mail Send API ({@code POST /v3/mail/send}, bearer API key): 202 means accepted, with
 * the provider's id in {@code X-Message-Id}; the error body's {@code errors[].message} is passed on.
 * SendGrid does not deduplicate, so a request that may have arrived is never resent on a guess.
 */
public final class SendGridAdapter implements ChannelAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final Identity identity;
    private final Supplier<char[]> apiKey;
    private final OkHttpClient client;
    private final Clock clock;

    public SendGridAdapter(Identity identity, Supplier<char[]> apiKey, Duration timeout, Clock clock) {
        if (identity.transport().kind() != Transport.Kind.SENDGRID) {
            throw new IllegalArgumentException(identity.id() + " does not send with SendGrid");
        }
        this.identity = identity;
        this.apiKey = apiKey;
        this.client = HttpSend.client(timeout);
        this.clock = clock;
    }

    @Override
    public boolean deduplicates() {
        return false;
    }

    static ObjectNode payload(OutboundMessage m) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode to = root.putArray("personalizations").addObject().putArray("to").addObject().put("email", m.recipient());
        if (!m.recipientName().isBlank()) {
            to.put("name", m.recipientName());
        }
        ObjectNode from = root.putObject("from").put("email", m.identity().address());
        if (!m.identity().displayName().isBlank()) {
            from.put("name", m.identity().displayName());
        }
        root.put("subject", m.subject());
        ArrayNode content = root.putArray("content");
        content.addObject().put("type", "text/plain").put("value", m.body());
        ObjectNode headers = root.putObject("headers");
        headers.put("Message-ID", m.messageId());
        String unsubscribe = unsubscribe(m);
        if (!unsubscribe.isEmpty()) {
            headers.put("List-Unsubscribe", unsubscribe);
        }
        if (!m.unsubscribeUrl().isEmpty()) {
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        root.putObject("custom_args").put("countersign_outbox_id", String.valueOf(m.outboxId()))
                .put("countersign_draft_id", m.draftId());
        return root;
    }

    static String unsubscribe(OutboundMessage m) {
        StringBuilder b = new StringBuilder();
        if (!m.unsubscribeMailto().isEmpty()) {
            b.append('<').append(m.unsubscribeMailto()).append('>');
        }
        if (!m.unsubscribeUrl().isEmpty()) {
            b.append(b.length() == 0 ? "" : ", ").append('<').append(m.unsubscribeUrl()).append('>');
        }
        return b.toString();
    }

    @Override
    public SendOutcome send(OutboundMessage m) {
        String problem = EmailMessages.problem(m);
        if (problem != null) {
            return SendOutcome.Failed.permanent(problem);
        }
        String where = identity.id() + " via SendGrid (" + identity.transport().baseUrl().getHost() + ")";
        char[] key = apiKey.get();
        Request request;
        try {
            request = new Request.Builder().url(identity.transport().baseUrl().resolve("/v3/mail/send").toString())
                    .header("Authorization", "Bearer " + new String(key))
                    .post(RequestBody.create(JSON.writeValueAsBytes(payload(m)), JSON_TYPE)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return SendOutcome.Failed.permanent("cannot encode the message: " + e.getOriginalMessage());
        } finally {
            java.util.Arrays.fill(key, '\0');
        }
        HttpSend.Result r = HttpSend.execute(client, request);
        if (r.ok()) {
            String id = r.header("X-Message-Id");
            return new SendOutcome.Sent(id == null ? "" : id, "HTTP " + r.status());
        }
        return HttpSend.failure(new HttpSend.Result(r.status(), errors(r.body()), r.headers(), r.failure(), r.requestSent()),
                where, false, clock);
    }

    /** SendGrid's {@code {"errors":[{"message":…,"field":…}]}} as one line; anything else as it came. */
    static String errors(String body) {
        try {
            var node = JSON.readTree(body);
            if (node != null && node.has("errors")) {
                StringBuilder b = new StringBuilder();
                for (var e : node.get("errors")) {
                    b.append(b.length() == 0 ? "" : "; ").append(e.path("message").asText(""));
                    if (e.hasNonNull("field")) {
                        b.append(" (field ").append(e.get("field").asText()).append(')');
                    }
                }
                return b.toString();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // a proxy's HTML page, say: shown as it came
        }
        return body;
    }
}
