package io.countersign.adapters.channels.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.adapters.channels.http.HttpSend;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.ChannelAdapter;
import io.countersign.core.outbox.OutboundMessage;
import io.countersign.core.outbox.SendOutcome;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Hands an approved message to an automation service (for LinkedIn, which has no open messaging
 * API): a JSON POST signed with HMAC-SHA256. Headers: {@code Countersign-Timestamp} (Unix seconds),
 * {@code Countersign-Signature: v1=HEX} where HEX is HMAC-SHA256(secret, timestamp + "." + body),
 * and {@code Idempotency-Key}, the same on every retry of one message. A receiver checks the
 * signature, refuses timestamps older than a few minutes, and does a key it has seen only once;
 * so this adapter deduplicates, and an attempt cut off mid-way is simply retried.
 */
public final class WebhookAdapter implements ChannelAdapter {

    public static final String TIMESTAMP = "Countersign-Timestamp";
    public static final String SIGNATURE = "Countersign-Signature";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final Identity identity;
    private final Supplier<char[]> secret;
    private final OkHttpClient client;
    private final Clock clock;

    public WebhookAdapter(Identity identity, Supplier<char[]> secret, Duration timeout, Clock clock) {
        if (identity.transport().kind() != Transport.Kind.WEBHOOK) {
            throw new IllegalArgumentException(identity.id() + " does not send with a webhook");
        }
        this.identity = identity;
        this.secret = secret;
        this.client = HttpSend.client(timeout);
        this.clock = clock;
    }

    @Override
    public boolean deduplicates() {
        return true;
    }

    static byte[] payload(OutboundMessage m) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "countersign.message.send");
        root.put("idempotencyKey", m.idempotencyKey());
        root.put("outboxId", m.outboxId());
        root.put("draftId", m.draftId());
        root.put("channel", m.identity().channel().wireName());
        root.putObject("identity").put("id", m.identity().id()).put("address", m.identity().address())
                .put("displayName", m.identity().displayName());
        root.putObject("recipient").put("address", m.recipient()).put("name", m.recipientName());
        root.put("subject", m.subject());
        root.put("body", m.body());
        root.put("messageId", m.messageId());
        return JSON.writeValueAsBytes(root);
    }

    /** The signature a receiver recomputes: HMAC-SHA256 over "timestamp.body", hex. */
    public static String sign(char[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public SendOutcome send(OutboundMessage m) {
        String where = identity.id() + " via webhook " + identity.transport().url().getHost();
        byte[] body;
        try {
            body = payload(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return SendOutcome.Failed.permanent("cannot encode the message: " + e.getOriginalMessage());
        }
        long ts = clock.instant().getEpochSecond();
        char[] s = secret.get();
        String signature;
        try {
            signature = sign(s, ts, body);
        } finally {
            java.util.Arrays.fill(s, '\0');
        }
        Request request = new Request.Builder().url(identity.transport().url().toString())
                .header(TIMESTAMP, Long.toString(ts)).header(SIGNATURE, signature)
                .header(IDEMPOTENCY_KEY, m.idempotencyKey()).header("User-Agent", "Countersign")
                .post(RequestBody.create(body, JSON_TYPE)).build();
        HttpSend.Result r = HttpSend.execute(client, request);
        if (r.ok()) {
            return new SendOutcome.Sent(idFrom(r.body()), "HTTP " + r.status());
        }
        return HttpSend.failure(r, where, true, clock);
    }

    private static String idFrom(String body) {
        try {
            var n = JSON.readTree(body);
            return n != null && n.hasNonNull("id") ? n.get("id").asText() : "";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
