package io.countersign.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes for the audit log. Leaves follow RFC 9162 ({@code SHA-256(0x00 || line)}), so the Merkle
 * checkpoints of the export bundle can be built from stored rows later without re-encoding. Rows
 * are also chained locally: {@code chain_i = SHA-256(chain_{i-1} || leaf_i)}, starting from 32 zero
 * bytes, so any edited, deleted, inserted or reordered row breaks every hash after it.
 */
public final class AuditHashes {

    public static final byte[] GENESIS = new byte[32];

    private AuditHashes() {
    }

    public static byte[] leafHash(String canonicalLine) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(canonicalLine.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    public static byte[] chain(byte[] previous, byte[] leafHash) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(leafHash);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
