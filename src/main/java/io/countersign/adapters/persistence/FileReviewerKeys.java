package io.countersign.adapters.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.core.audit.DecisionSignatures;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.review.ReviewerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Reviewer keys in {@code HOME/reviewers/}, one JSON file per reviewer (rw-------): the public key
 * and the 32-byte Ed25519 seed sealed with AES-256-GCM under a key derived from the passphrase by
 * Argon2id (its parameters and salt in the file, so they can be raised later without breaking
 * older files). The reviewer's name and public key are bound to the sealed seed as associated data.
 * Unlocked keys live in memory only.
 */
public final class FileReviewerKeys implements ReviewerKeys {

    /** Argon2id cost: memory in KiB, passes, lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 0.1 s here. */
        public static final Cost DEFAULT = new Cost(19 * 1024, 2, 1);
    }

    public static final int MIN_PASSPHRASE = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Cost cost;
    private final Map<String, NoteKey> unlocked = new ConcurrentHashMap<>();

    public FileReviewerKeys(Path home, Cost cost) {
        this.dir = home.resolve("reviewers");
        this.cost = cost;
    }

    /** The file of a reviewer: named by a hash, since reviewer names may hold any character. */
    Path file(String reviewer) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(reviewer.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 12) + ".key.json");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public State state(String reviewer) {
        if (unlocked.containsKey(reviewer)) {
            return State.UNLOCKED;
        }
        return Files.isRegularFile(file(reviewer)) ? State.LOCKED : State.NONE;
    }

    @Override
    public synchronized NoteKey create(String reviewer, char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("a signing key's passphrase has at least " + MIN_PASSPHRASE + " characters");
        }
        Path file = file(reviewer);
        if (Files.exists(file)) {
            throw new IllegalStateException(reviewer + " has a signing key already (" + file + ")");
        }
        byte[] seed = NoteKey.newSeed();
        NoteKey key = DecisionSignatures.key(seed);
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        byte[] kek = derive(passphrase, salt, cost);
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("format", "countersign-reviewer-key/v1");
            o.put("reviewer", reviewer);
            o.put("publicKey", Base64.getEncoder().encodeToString(key.publicKey()));
            ObjectNode kdf = o.putObject("kdf");
            kdf.put("alg", "argon2id");
            kdf.put("memoryKib", cost.memoryKib());
            kdf.put("iterations", cost.iterations());
            kdf.put("parallelism", cost.parallelism());
            kdf.put("salt", Base64.getEncoder().encodeToString(salt));
            o.put("nonce", Base64.getEncoder().encodeToString(nonce));
            o.put("sealed", Base64.getEncoder().encodeToString(seal(Cipher.ENCRYPT_MODE, kek, nonce, aad(reviewer, key.publicKey()), seed)));
            DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no AES-GCM", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(kek, (byte) 0);
        }
        unlocked.put(reviewer, key);
        return key;
    }

    @Override
    public NoteKey unlock(String reviewer, char[] passphrase) {
        Path file = file(reviewer);
        JsonNode o = read(file, reviewer);
        byte[] pub = Base64.getDecoder().decode(o.path("publicKey").asText());
        JsonNode kdf = o.path("kdf");
        if (!"argon2id".equals(kdf.path("alg").asText())) {
            throw new IllegalStateException(file + ": unknown key derivation '" + kdf.path("alg").asText() + "'");
        }
        Cost c = new Cost(kdf.path("memoryKib").asInt(), kdf.path("iterations").asInt(), kdf.path("parallelism").asInt());
        if (c.memoryKib() < 8 || c.iterations() < 1 || c.iterations() > 64 || c.parallelism() < 1 || c.parallelism() > 16
                || c.memoryKib() > 256 * 1024) { // an edited file must not make an unlock take the machine's memory
            throw new IllegalStateException(file + ": key derivation parameters out of range " + c);
        }
        byte[] kek = derive(passphrase == null ? new char[0] : passphrase, Base64.getDecoder().decode(kdf.path("salt").asText()), c);
        byte[] seed = null;
        try {
            seed = seal(Cipher.DECRYPT_MODE, kek, Base64.getDecoder().decode(o.path("nonce").asText()), aad(reviewer, pub),
                    Base64.getDecoder().decode(o.path("sealed").asText()));
            NoteKey key = DecisionSignatures.key(seed);
            if (!Arrays.equals(key.publicKey(), pub)) {
                throw new WrongPassphraseException(file + " does not hold the key it names");
            }
            unlocked.put(reviewer, key);
            return key;
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException("wrong passphrase for " + reviewer + "'s signing key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        } finally {
            Arrays.fill(kek, (byte) 0);
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    @Override
    public void lock(String reviewer) {
        unlocked.remove(reviewer);
    }

    @Override
    public Optional<byte[]> publicKey(String reviewer) {
        NoteKey k = unlocked.get(reviewer);
        if (k != null) {
            return Optional.of(k.publicKey());
        }
        if (!Files.isRegularFile(file(reviewer))) {
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(read(file(reviewer), reviewer).path("publicKey").asText()));
    }

    @Override
    public Optional<NoteKey> unlocked(String reviewer) {
        return Optional.ofNullable(unlocked.get(reviewer));
    }

    private static JsonNode read(Path file, String reviewer) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(reviewer + " has no signing key yet");
        }
        try {
            JsonNode o = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (!reviewer.equals(o.path("reviewer").asText())) {
                throw new IllegalStateException(file + " is the key of '" + o.path("reviewer").asText() + "', not of " + reviewer);
            }
            return o;
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not readable: " + e.getMessage(), e);
        }
    }

    private static byte[] aad(String reviewer, byte[] pub) {
        return ("countersign-reviewer-key/v1\n" + reviewer + "\n" + Base64.getEncoder().encodeToString(pub)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] seal(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(data);
    }

    static byte[] derive(char[] passphrase, byte[] salt, Cost cost) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib()).withIterations(cost.iterations()).withParallelism(cost.parallelism())
                .withSalt(salt).build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(params);
        byte[] out = new byte[32];
        g.generateBytes(passphrase, out);
        return out;
    }
}
