package io.countersign.core.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a workspace keeps its policy file and every policy ever in force (by hash, with its word
 * lists), so any past decision can be replayed under its exact rules.
 */
public interface PolicyArchive {

    /**
     * Reads the workspace policy file once (writing the default first if there is none), validates
     * it and keeps a copy under its hash: the archived bytes are exactly the bytes that were hashed.
     */
    Policy readCurrent() throws PolicyException;

    /** Reads and validates a candidate policy file (and its word lists) without keeping or activating it. */
    Policy validate(Path candidate) throws PolicyException;

    /** Replaces the workspace policy file with a copy of {@code candidate}, atomically. */
    void replaceCurrent(Path candidate) throws PolicyException;

    /** A kept policy by its version string ({@code declared+sha256:hex}); empty when not kept or no longer its own content. */
    Optional<Policy> kept(String version);

    /**
     * Why the kept copy of a version is not what was in force (missing, unreadable, or its files
     * changed since: they no longer hash to the version's sha256), or empty when it is intact.
     */
    Optional<String> problem(String version);

    /** The policy file's name as recorded in audit events. */
    String fileName();
}
