package io.countersign.collector;

import io.countersign.core.audit.note.Cosigner;
import io.countersign.core.audit.note.NoteKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The collector's witness key, made on first start: {@code DIR/collector.key} (name and Ed25519
 * seed, readable only by the user running the collector) and {@code DIR/collector.pub} (the vkey
 * devices pin). Instances serving one database must share this key: the database records the
 * vkey it is witnessed with and an instance with another key refuses to start.
 */
final class CollectorKey {

    static final String KEY_FILE = "collector.key";
    static final String PUB_FILE = "collector.pub";

    private CollectorKey() {
    }

    static Cosigner loadOrCreate(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] seed = NoteKey.newSeed();
            String keyName = name != null ? name : "countersign.collector/" + HexFormat.of().formatHex(NoteKey.newSeed(), 0, 6);
            Cosigner.fromSeed(keyName, seed); // the name is valid before anything is written
            Path tmp = dir.resolve(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, keyName + "\n" + Base64.getEncoder().encodeToString(seed) + "\n", StandardCharsets.UTF_8);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        Cosigner key;
        try {
            key = Cosigner.fromSeed(lines[0], Base64.getDecoder().decode(lines[1].strip()));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a collector key (a name line and a base64 seed line): " + e.getMessage(), e);
        }
        if (name != null && !name.equals(key.name())) {
            throw new IOException("--name " + name + ": " + file + " holds the key " + key.name() + "; a collector's name is fixed "
                    + "when its key is made");
        }
        Files.writeString(dir.resolve(PUB_FILE), key.vkey() + "\n", StandardCharsets.UTF_8);
        return key;
    }
}
