package io.countersign.cli;

import io.countersign.core.review.ReviewerSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a CLI command gets the passphrase of the reviewer's signing key: an environment variable,
 * the first line of a file, or else the prompt when a terminal is attached. Never an argument
 * (it would sit in the shell history and the process list).
 */
final class PassphraseOptions {

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "Read the signing key's passphrase from this environment variable.")
    String env;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the signing key's passphrase from the first line of FILE.")
    Path file;

    /** The passphrase given by option, or empty when none was (then a terminal prompt may ask). */
    Optional<char[]> given() {
        return read("--passphrase-env", env, "--passphrase-file", file);
    }

    /** A passphrase from an environment variable or the first line of a file (whichever option was given), else empty. */
    static Optional<char[]> read(String envOption, String env, String fileOption, Path file) {
        if (env != null) {
            String v = System.getenv(env);
            if (v == null) {
                throw new IllegalArgumentException(envOption + " " + env + ": that environment variable is not set");
            }
            return Optional.of(v.toCharArray());
        }
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = nl < 0 ? text : text.substring(0, nl);
                return Optional.of((line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray());
            } catch (IOException e) {
                throw new IllegalArgumentException(fileOption + " " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /** The passphrase from the options, else typed at the terminal (asked twice when a key is made). */
    Optional<char[]> obtain(String reviewer, boolean creating) {
        Optional<char[]> g = given();
        if (g.isPresent()) {
            return g;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] first = console.readPassword(creating ? "New passphrase for %s's signing key: " : "Passphrase of %s's signing key: ", reviewer);
        if (first == null) {
            return Optional.empty();
        }
        if (creating) {
            char[] again = console.readPassword("Again: ");
            if (again == null || !java.util.Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passphrases differ; nothing was created");
            }
        }
        return Optional.of(first);
    }

    /** Lets the command's decisions unlock the reviewer's existing key on demand. */
    void applyTo(ReviewerSigning signing) {
        signing.passphrases((reviewer, creating) -> creating ? Optional.empty() : obtain(reviewer, false));
    }
}
