package io.countersign.adapters.persistence;

import io.countersign.core.identity.CredentialVault;
import io.countersign.core.io.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials in {@code credentials.enc} beside the database: AES-256-GCM per identity (a fresh
 * 96-bit nonce each time, the identity id as associated data, so a ciphertext cannot be moved to
 * another identity), the key in {@code credential.key} readable only by its owner (rw-------
 * where the file system has POSIX permissions). An OS keychain is the better home where one is
 * available; this file pair is the portable default.
 */
final class FileCredentialVault implements CredentialVault {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private final Path store;

    FileCredentialVault(Path home) {
        this.keyFile = home.resolve("credential.key");
        this.store = home.resolve("credentials.enc");
    }

    @Override
    public synchronized void put(String identityId, char[] secret) {
        byte[] plain = toBytes(secret);
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(true), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            Properties p = load();
            p.setProperty(identityId, Base64.getEncoder().encodeToString(nonce) + ":" + Base64.getEncoder().encodeToString(sealed));
            save(p);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the credentials of " + identityId + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public synchronized void remove(String identityId) {
        Properties p = load();
        if (p.remove(identityId) != null) {
            save(p);
        }
    }

    @Override
    public synchronized Optional<char[]> get(String identityId) {
        String sealed = load().getProperty(identityId);
        if (sealed == null) {
            return Optional.empty();
        }
        String[] parts = sealed.split(":", 2);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(false), "AES"),
                    new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            c.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(Base64.getDecoder().decode(parts[1]));
            try {
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
                char[] out = new char[chars.remaining()];
                chars.get(out);
                return Optional.of(out);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("the stored credentials of " + identityId + " in " + store
                    + " cannot be decrypted (changed, or " + keyFile.getFileName() + " replaced); add them again", e);
        }
    }

    @Override
    public synchronized boolean has(String identityId) {
        return load().containsKey(identityId);
    }

    private byte[] key(boolean create) {
        try {
            if (!Files.exists(keyFile)) {
                if (!create) {
                    throw new IllegalStateException(keyFile + " is missing, so stored credentials cannot be read; add them again");
                }
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                try {
                    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (UnsupportedOperationException noPosix) {
                    Files.createFile(keyFile);
                } catch (FileAlreadyExistsException raced) {
                    return Files.readAllBytes(keyFile);
                }
                Files.write(keyFile, k);
                force(keyFile); // on disk before anything is encrypted with it (the log key among them)
                forceDirectory(keyFile.getParent());
                return k;
            }
            byte[] k = Files.readAllBytes(keyFile);
            if (k.length != 32) {
                throw new IllegalStateException(keyFile + " is not a 32-byte key");
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the credential key " + IoErrors.describe(e), e);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(store)) {
            try (var in = Files.newBufferedReader(store, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stored credentials " + IoErrors.describe(e), e);
            }
        }
        return p;
    }

    private void save(Properties p) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            p.store(out, "Countersign credentials, AES-256-GCM; the key is credential.key");
            DurableFiles.replace(store, out.toString().getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store credentials " + IoErrors.describe(e), e);
        }
    }

    /** A stored secret (the log key signs durable checkpoints) must be on disk before what depends on it. */
    private static void force(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some file systems cannot sync a directory; the file itself is synced
        }
    }

    private static byte[] toBytes(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
