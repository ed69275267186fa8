package io.countersign.core.sync;

import io.countersign.core.audit.note.NoteKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a device authenticates a request to the collector once enrolled: the header
 * {@code Countersign-Signature: keyid=<hex8>; time=<POSIX seconds>; sig=<base64>} with an Ed25519
 * signature by the device's log key over
 * {@code countersign-request/v1\n<METHOD>\n<path>\n<time>\n<hex SHA-256 of the body as sent>\n}.
 * The collector accepts a time within {@link #MAX_SKEW_SECONDS} of its clock; a replayed request
 * inside that window can only repeat an append the collector already holds, which is a no-op.
 */
public final class RequestSignature {

    public static final String HEADER = "Countersign-Signature";
    public static final long MAX_SKEW_SECONDS = 300;

    private RequestSignature() {
    }

    static byte[] message(String method, String path, long time, byte[] body) {
        return ("countersign-request/v1\n" + method + "\n" + path + "\n" + time + "\n" + HexFormat.of().formatHex(sha256(body)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static String header(NoteKey key, String method, String path, long time, byte[] body) {
        return "keyid=" + HexFormat.of().formatHex(key.keyId()) + "; time=" + time + "; sig="
                + Base64.getEncoder().encodeToString(key.sign(message(method, path, time, body)));
    }

    /** A parsed header: which key it claims, when, and the signature. */
    public record Parsed(String keyId, long time, byte[] signature) {
        /** Whether {@code key} made this signature over this request. */
        public boolean verifies(NoteKey key, String method, String path, byte[] body) {
            return HexFormat.of().formatHex(key.keyId()).equals(keyId) && signature.length == 64
                    && key.verify(message(method, path, time, body), signature);
        }
    }

    public static Optional<Parsed> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String keyId = null;
        Long time = null;
        byte[] sig = null;
        for (String part : header.split(";")) {
            String p = part.strip();
            try {
                if (p.startsWith("keyid=")) {
                    keyId = p.substring(6);
                } else if (p.startsWith("time=")) {
                    time = Long.parseLong(p.substring(5));
                } else if (p.startsWith("sig=")) {
                    sig = Base64.getDecoder().decode(p.substring(4));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (keyId == null || time == null || sig == null || !keyId.matches("[0-9a-f]{8}")) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(keyId, time, sig));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
