package io.countersign.adapters.channels.postmark;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Postmark's {@code POST /email} with the server token in {@code X-Postmark-Server-Token}: a 200 with
 * {@code ErrorCode 0} is accepted ({@code MessageID} is Postmark's id); a 422 carries
 * {@code ErrorCode} and {@code Message} (e.g. 406, inactive recipient), passed on as a permanent
 * failure; a 401 or ErrorCode 10 is a refused token.
 */
public final class PostmarkAdapter implements ChannelAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final Identity identity;
    private final Supplier<char[]> token;
    private final OkHttpClient client;
    private final Clock clock;

    public PostmarkAdapter(Identity identity, Supplier<char[]> token, Duration timeout, Clock clock) {
        if (identity.transport().kind() != Transport.Kind.POSTMARK) {
            throw new IllegalArgumentException(identity.id() + " does not send with Postmark");
        }
        this.identity = identity;
        this.token = token;
        this.client = HttpSend.client(timeout);
        this.clock = clock;
    }

    @Override
    public boolean deduplicates() {
        return false;
    }

    static ObjectNode payload(OutboundMessage m) throws java.io.UnsupportedEncodingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("From", new InternetAddress(m.identity().address(), m.identity().displayName(), StandardCharsets.UTF_8.name()).toUnicodeString());
        root.put("To", m.recipientName().isBlank() ? m.recipient()
                : new InternetAddress(m.recipient(), m.recipientName(), StandardCharsets.UTF_8.name()).toUnicodeString());
        root.put("Subject", m.subject());
        root.put("TextBody", m.body());
        root.put("MessageStream", "outbound");
        ArrayNode headers = root.putArray("Headers");
        headers.addObject().put("Name", "Message-ID").put("Value", m.messageId());
        StringBuilder unsubscribe = new StringBuilder();
        if (!m.unsubscribeMailto().isEmpty()) {
            unsubscribe.append('<').append(m.unsubscribeMailto()).append('>');
        }
        if (!m.unsubscribeUrl().isEmpty()) {
            unsubscribe.append(unsubscribe.length() == 0 ? "" : ", ").append('<').append(m.unsubscribeUrl()).append('>');
            headers.addObject().put("Name", "List-Unsubscribe-Post").put("Value", "List-Unsubscribe=One-Click");
        }
        if (unsubscribe.length() > 0) {
            headers.addObject().put("Name", "List-Unsubscribe").put("Value", unsubscribe.toString());
        }
        root.putObject("Metadata").put("countersign_outbox_id", String.valueOf(m.outboxId())).put("countersign_draft_id", m.draftId());
        return root;
    }

    @Override
    public SendOutcome send(OutboundMessage m) {
        String problem = EmailMessages.problem(m);
        if (problem != null) {
            return SendOutcome.Failed.permanent(problem);
        }
        String where = identity.id() + " via Postmark (" + identity.transport().baseUrl().getHost() + ")";
        char[] t = token.get();
        Request request;
        try {
            request = new Request.Builder().url(identity.transport().baseUrl().resolve("/email").toString())
                    .header("Accept", "application/json").header("X-Postmark-Server-Token", new String(t))
                    .post(RequestBody.create(JSON.writeValueAsBytes(payload(m)), JSON_TYPE)).build();
        } catch (java.io.IOException e) {
            return SendOutcome.Failed.permanent("cannot encode the message: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(t, '\0');
        }
        HttpSend.Result r = HttpSend.execute(client, request);
        JsonNode body = parse(r.body());
        int errorCode = body == null ? -1 : body.path("ErrorCode").asInt(-1);
        if (r.ok() && (errorCode == 0 || errorCode == -1)) {
            return new SendOutcome.Sent(body == null ? "" : body.path("MessageID").asText(""), "HTTP " + r.status());
        }
        if (r.failure() == null && errorCode == 10) {
            return new SendOutcome.CredentialsRefused(where + " refused the server token (ErrorCode 10: "
                    + body.path("Message").asText("") + ")");
        }
        String detail = body == null ? r.body() : "ErrorCode " + errorCode + ": " + body.path("Message").asText("");
        if (r.ok()) { // 200 with an error code: refused
            return SendOutcome.Failed.permanent(where + " refused the message (" + detail + ")");
        }
        return HttpSend.failure(new HttpSend.Result(r.status(), detail, r.headers(), r.failure(), r.requestSent()),
                where, false, clock);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
