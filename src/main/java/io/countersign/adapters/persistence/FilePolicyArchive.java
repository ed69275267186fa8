package io.countersign.adapters.persistence;

import io.countersign.core.io.IoErrors;

import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyArchive;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.loading.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The workspace's {@code policy.yaml} and {@code policies/<sha256>/}: every policy ever in force,
 * with its word-list files, written once under a temporary name and moved into place atomically.
 */
public final class FilePolicyArchive implements PolicyArchive {

    public static final String POLICY_FILE = "policy.yaml";

    private final Path home;

    public FilePolicyArchive(Path home) {
        this.home = home;
    }

    @Override
    public String fileName() {
        return POLICY_FILE;
    }

    @Override
    public Policy readCurrent() throws PolicyException {
        return readCurrent(false);
    }

    /**
     * @param readOnly read without writing anything: no default file created, no archive copy kept
     *                 (for commands that open the workspace read-only, e.g. on a full disk)
     */
    public Policy readCurrent(boolean readOnly) throws PolicyException {
        Path file = home.resolve(POLICY_FILE);
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                if (readOnly) {
                    bytes = PolicyLoader.defaultPolicyBytes();
                    return PolicyLoader.parse(bytes, file.toString(), home);
                }
                Files.write(file, PolicyLoader.defaultPolicyBytes());
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read policy file: " + IoErrors.describe(e), e);
        }
        Policy p = PolicyLoader.parse(bytes, file.toString(), home);
        if (readOnly) {
            return p;
        }
        try {
            archive(p, bytes);
        } catch (IOException e) {
            throw new PolicyException("cannot keep a copy of the policy in " + home.resolve("policies") + ": "
                    + IoErrors.describe(e), e);
        }
        return p;
    }

    private void archive(Policy p, byte[] bytes) throws IOException {
        Path dir = home.resolve("policies").resolve(p.sha256());
        if (Files.exists(dir.resolve(POLICY_FILE))) {
            return;
        }
        Path tmp = Files.createDirectories(home.resolve("policies").resolve(p.sha256() + ".tmp"));
        Files.write(tmp.resolve(POLICY_FILE), bytes);
        for (String list : p.wordListFiles()) {
            Path target = tmp.resolve(list).normalize();
            if (!target.startsWith(tmp)) {
                throw new IOException("word-list file " + list + " lies outside the workspace");
            }
            Files.createDirectories(target.getParent());
            Files.copy(home.resolve(list), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Policy validate(Path candidate) throws PolicyException {
        return PolicyLoader.load(candidate);
    }

    @Override
    public void replaceCurrent(Path candidate) throws PolicyException {
        Path target = home.resolve(POLICY_FILE);
        Path tmp = home.resolve(POLICY_FILE + ".tmp");
        try {
            Files.copy(candidate, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PolicyException("cannot write " + target + ": " + IoErrors.describe(e), e);
        }
    }

    @Override
    public Optional<Policy> kept(String version) {
        int at = version.lastIndexOf("+sha256:");
        if (at < 0) {
            return Optional.empty();
        }
        String hash = version.substring(at + 8);
        if (!hash.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path file = home.resolve("policies").resolve(hash).resolve(POLICY_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Policy p = PolicyLoader.load(file);
            // A copy whose files were changed is not the policy that was in force: never used as if it were.
            return p.sha256().equals(hash) ? Optional.of(p) : Optional.empty();
        } catch (PolicyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> problem(String version) {
        int at = version.lastIndexOf("+sha256:");
        String hash = at < 0 ? "" : version.substring(at + 8);
        if (!hash.matches("[0-9a-f]{64}")) {
            return Optional.of("policy version " + version + " names no sha256");
        }
        Path file = home.resolve("policies").resolve(hash).resolve(POLICY_FILE);
        if (!Files.exists(file)) {
            return Optional.of("the copy of policy " + version + " is missing from " + file.getParent());
        }
        try {
            Policy p = PolicyLoader.load(file);
            return p.sha256().equals(hash) ? Optional.empty() : Optional.of("the copy of policy " + version + " in "
                    + file.getParent() + " was changed: its files now hash to " + p.sha256());
        } catch (PolicyException e) {
            return Optional.of("the copy of policy " + version + " in " + file.getParent() + " no longer loads: " + e.getMessage());
        }
    }
}
