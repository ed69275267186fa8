package io.countersign.core.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An Ed25519 key of C2SP signed notes: its name, its 4-byte key ID
 * ({@code SHA-256(name || 0x0A || 0x01 || pub)[:4]}) and the public key; the private key only when
 * this side signs. Uses the JDK's Ed25519 (RFC 8032, pure).
 */
public final class NoteKey {

    /** Signature type of Ed25519 in signed notes. */
    public static final byte ED25519 = 0x01;
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final String name;
    private final byte[] publicKey;
    private final byte[] keyId;
    private final PublicKey verifier;
    private final PrivateKey signer;

    private NoteKey(String name, byte[] publicKey, PrivateKey signer) {
        if (!validName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+': '" + name + "'");
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + publicKey.length);
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, ED25519, publicKey);
        this.signer = signer;
        try {
            byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
            System.arraycopy(publicKey, 0, x509, X509_PREFIX.length, 32);
            this.verifier = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || c == '+' || c < 0x20);
    }

    /** The key for a 32-byte Ed25519 seed (RFC 8032 private key). */
    public static NoteKey fromSeed(String name, byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            // The generator takes the private key from its random source: give it the seed.
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
                }
            });
            KeyPair pair = g.generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            return new NoteKey(name, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }

    public static byte[] newSeed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    public static NoteKey verifierOnly(String name, byte[] publicKey) {
        return new NoteKey(name, publicKey, null);
    }

    /**
     * Parses a verifier key {@code name+hex8(keyid)+base64(0x01 || pub32)}, splitting on the first two
     * {@code +} only (the base64 may contain more) and checking the key ID.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NoteKey parseVkey(String vkey) {
        String v = vkey.endsWith("\n") ? vkey.substring(0, vkey.length() - 1) : vkey;
        int a = v.indexOf('+');
        int b = a < 0 ? -1 : v.indexOf('+', a + 1);
        if (a <= 0 || b < 0) {
            throw new IllegalArgumentException("a vkey is NAME+KEYID+KEY");
        }
        String name = v.substring(0, a);
        String hex = v.substring(a + 1, b);
        if (!hex.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("the key ID '" + hex + "' is not 8 lowercase hex digits");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(v.substring(b + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64");
        }
        if (key.length == 0 || key[0] != ED25519) {
            throw new IllegalArgumentException("unknown key type" + (key.length == 0 ? "" : " 0x" + HexFormat.of().toHexDigits(key[0]))
                    + " (only Ed25519, 0x01)");
        }
        if (key.length != 33) {
            throw new IllegalArgumentException("an Ed25519 key is 32 bytes, this one " + (key.length - 1));
        }
        NoteKey k = new NoteKey(name, Arrays.copyOfRange(key, 1, 33), null);
        if (!HexFormat.of().formatHex(k.keyId).equals(hex)) {
            throw new IllegalArgumentException("the key ID " + hex + " does not match the key (it is "
                    + HexFormat.of().formatHex(k.keyId) + ")");
        }
        return k;
    }

    static byte[] keyId(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x0A);
            d.update(type);
            d.update(publicKey);
            return Arrays.copyOf(d.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public byte[] keyId() {
        return keyId.clone();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public boolean canSign() {
        return signer != null;
    }

    public String vkey() {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        if (signer == null) {
            throw new IllegalStateException("the key " + name + " can only verify");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(signer);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(verifier);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The seed, for storing the key encrypted; empty for a verifier-only key. */
    public Optional<byte[]> seed() {
        if (signer instanceof java.security.interfaces.EdECPrivateKey ed) {
            return ed.getBytes();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "NoteKey[" + vkey() + "]"; // never the private key
    }
}
