package io.countersign.app;

import io.countersign.adapters.persistence.ProfileStore;
import io.countersign.adapters.persistence.Workspace;
import io.countersign.adapters.persistence.WorkspaceException;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.importing.ImportReport;
import io.countersign.core.importing.ImportService;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.PolicyHolder;
import io.countersign.core.policy.PolicyLoader;
import io.countersign.core.review.DraftEvents;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.ReviewService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: one open workspace with its policy, stores and services. Both the console
 * and the CLI start here, so they can never disagree about how a workspace is opened.
 */
public final class Countersign implements AutoCloseable {

    public static final String POLICY_FILE = "policy.yaml";
    public static final String HOME_ENV = "COUNTERSIGN_HOME";

    private final Workspace workspace;
    private final PolicyHolder policy;
    private final ReviewService review;
    private final ImportService importer;
    private final ProfileStore profile;
    private final Clock clock;

    private Countersign(Workspace workspace, PolicyHolder policy, Clock clock) {
        this.workspace = workspace;
        this.policy = policy;
        this.clock = clock;
        java.util.function.Supplier<io.countersign.core.policy.PolicyContext> context = () ->
                new io.countersign.core.policy.PolicyContext(workspace.suppressions(), workspace.contactHistory(), clock);
        this.review = new ReviewService(workspace.draftStore(), policy, clock, context);
        this.importer = new ImportService(workspace.draftStore(), policy, clock, context);
        this.profile = new ProfileStore(workspace.home());
    }

    /** The workspace directory: {@code --home}, else {@code COUNTERSIGN_HOME}, else {@code ~/.countersign}. */
    public static Path resolveHome(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".countersign");
    }

    /**
     * Opens (creating if needed) a workspace, activates its policy file and, for a new workspace
     * when asked, seeds the demo drafts.
     */
    public static Countersign open(Path home, boolean seedDemoIfNew, Clock clock) {
        Workspace workspace = Workspace.open(home, clock);
        try {
            Policy p = loadPolicy(workspace.home());
            Countersign app = new Countersign(workspace, new PolicyHolder(p), clock);
            app.recordPolicyInForce();
            if (seedDemoIfNew && workspace.wasCreated()) {
                app.seedDemo();
            }
            return app;
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    private static Policy loadPolicy(Path home) {
        Path file = home.resolve(POLICY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.write(file, PolicyLoader.defaultPolicyBytes());
            }
            return readAndArchive(home);
        } catch (PolicyException e) {
            throw new WorkspaceException("The policy file is invalid, so nothing can be evaluated: " + e.getMessage()
                    + ". Fix the file, or delete it to restore the default policy.", e);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the workspace policy file once, validates it and keeps a copy under its hash, so the
     * archived bytes are exactly the bytes that were hashed (the file may change between reads).
     */
    private static Policy readAndArchive(Path home) throws PolicyException {
        Path file = home.resolve(POLICY_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read policy file: " + e.getMessage(), e);
        }
        Policy p = PolicyLoader.parse(bytes, file.toString(), home);
        try {
            archive(home, p, bytes);
        } catch (IOException e) {
            throw new PolicyException("cannot keep a copy of the policy in " + home.resolve("policies") + ": "
                    + e.getMessage(), e);
        }
        return p;
    }

    // Every policy ever in force is kept by hash (with its word lists), so any past decision can be
    // replayed under its exact rules.
    private static void archive(Path home, Policy p, byte[] bytes) throws IOException {
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
            Files.copy(home.resolve(list), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A policy kept in this workspace, by its version string ({@code declared+sha256:hex}). */
    public Optional<Policy> keptPolicy(String version) {
        int at = version.lastIndexOf("+sha256:");
        if (at < 0) {
            return Optional.empty();
        }
        Path file = workspace.home().resolve("policies").resolve(version.substring(at + 8)).resolve(POLICY_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PolicyLoader.load(file));
        } catch (PolicyException e) {
            return Optional.empty();
        }
    }

    /** Appends policy.changed when the file differs from the last policy in force, then re-evaluates pending drafts. */
    private void recordPolicyInForce() {
        String now = policy.get().version();
        Optional<AuditEntry> last = workspace.auditLog().latest(DraftEvents.POLICY_CHANGED);
        String before = last.map(e -> e.text("policyVersion")).orElse("");
        if (!before.equals(now)) {
            workspace.auditLog().append(List.of(DraftEvents.policyChanged(before, now, Actor.SYSTEM, POLICY_FILE)));
            review.reevaluatePending(Actor.SYSTEM);
        }
    }

    /** What activating a policy did. */
    public record Activation(String previousVersion, String version, boolean changed, int decisionsChanged) {
    }

    /**
     * Validates the workspace policy file and, if it differs from the policy in force, activates it:
     * archives it, records policy.changed (old and new version) and re-evaluates pending drafts.
     * An invalid file throws and leaves the policy in force untouched.
     */
    public synchronized Activation reloadPolicy(Actor actor) throws PolicyException {
        Policy candidate = readAndArchive(workspace.home());
        String before = policy.get().version();
        if (candidate.version().equals(before)) {
            return new Activation(before, before, false, 0);
        }
        policy.set(candidate);
        workspace.auditLog().append(List.of(DraftEvents.policyChanged(before, candidate.version(), actor, POLICY_FILE)));
        int changed = review.reevaluatePending(actor);
        return new Activation(before, candidate.version(), true, changed);
    }

    /** Replaces the workspace policy file with {@code candidate} (atomically) and activates it. */
    public synchronized Activation activatePolicyFile(Path candidate, Actor actor) throws PolicyException {
        PolicyLoader.load(candidate);
        Path target = workspace.home().resolve(POLICY_FILE);
        Path tmp = workspace.home().resolve(POLICY_FILE + ".tmp");
        try {
            Files.copy(candidate, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PolicyException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return reloadPolicy(actor);
    }

    private void seedDemo() {
        try (InputStream in = Countersign.class.getResourceAsStream("demo-drafts.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("demo data missing from the application");
            }
            importer.importBytes("demo-drafts.jsonl", in.readAllBytes(), DraftFileReader.Format.JSONL);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot seed demo data: " + e.getMessage(), e);
        }
    }

    public ImportReport importFile(Path file, DraftFileReader.Format format) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        DraftFileReader.Format f = format != null ? format : DraftFileReader.Format.detect(file.getFileName().toString(), bytes);
        return importer.importBytes(file.getFileName().toString(), bytes, f);
    }

    public Workspace workspace() {
        return workspace;
    }

    public Policy policy() {
        return policy.get();
    }

    public ReviewService review() {
        return review;
    }

    public ImportService importer() {
        return importer;
    }

    public DraftStore drafts() {
        return workspace.draftStore();
    }

    public AuditLog audit() {
        return workspace.auditLog();
    }

    public io.countersign.core.policy.PolicyContext policyContext() {
        return new io.countersign.core.policy.PolicyContext(workspace.suppressions(), workspace.contactHistory(), clock);
    }

    /** Adds do-not-contact entries (audited) and re-checks pending drafts; returns how many entries were new. */
    public int suppress(List<io.countersign.core.contact.Suppression> entries, Actor actor) {
        int added = workspace.suppressions().add(entries, actor);
        if (added > 0) {
            review.reevaluatePending(actor, true);
        }
        return added;
    }

    public ProfileStore profile() {
        return profile;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        workspace.close();
    }
}
