package io.countersign.core.audit.bundle;

import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.identity.CredentialVault;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * This workspace's log key: an Ed25519 key named by the log's origin
 * ({@code countersign.local/<16 hex digits>}, chosen once), made the first time it is needed and
 * kept in the workspace's encrypted credential vault like a password — never in logs or exports,
 * which carry only its public half ({@code log.vkey}).
 */
public final class DeviceKey {

    /** The vault entry; identity ids start with a letter or digit, so this cannot collide with one. */
    static final String VAULT_ID = "@device-log-key";

    private final CredentialVault vault;
    private volatile NoteKey key;

    public DeviceKey(CredentialVault vault) {
        this.vault = Objects.requireNonNull(vault);
    }

    /** The key if the workspace has one; never makes one (verifying must not write). */
    public synchronized java.util.Optional<NoteKey> existing() {
        if (key == null && !vault.has(VAULT_ID)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(get());
    }

    public synchronized NoteKey get() {
        if (key != null) {
            return key;
        }
        char[] stored;
        try {
            stored = vault.get(VAULT_ID).orElse(null);
        } catch (RuntimeException e) {
            // Every audited write signs a checkpoint with this key: say which key and what to restore.
            throw new IllegalStateException("the workspace's audit log key cannot be read from its credential store ("
                    + e.getMessage() + "), so nothing more is written to the audit log; restore credentials.enc and "
                    + "credential.key from the backup this workspace came from", e);
        }
        if (stored == null) {
            byte[] seed = NoteKey.newSeed();
            byte[] id = NoteKey.newSeed();
            String origin = "countersign.local/" + HexFormat.of().formatHex(id, 0, 8);
            char[] secret = (origin + "\n" + Base64.getEncoder().encodeToString(seed)).toCharArray();
            vault.put(VAULT_ID, secret);
            java.util.Arrays.fill(secret, '\0');
            key = NoteKey.fromSeed(origin, seed);
            java.util.Arrays.fill(seed, (byte) 0);
            return key;
        }
        String s = new String(stored);
        java.util.Arrays.fill(stored, '\0');
        int nl = s.indexOf('\n');
        if (nl <= 0) {
            throw new IllegalStateException("the workspace's log key is damaged in the credential store");
        }
        key = NoteKey.fromSeed(s.substring(0, nl), Base64.getDecoder().decode(s.substring(nl + 1)));
        return key;
    }
}
