package io.countersign.app;

import io.countersign.adapters.persistence.FilePolicyArchive;
import io.countersign.adapters.persistence.ProfileStore;
import io.countersign.adapters.persistence.Workspace;
import io.countersign.adapters.persistence.WorkspaceException;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.contact.DoNotContactService;
import io.countersign.core.events.ChangeFeed;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.importing.ImportService;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyActivation;
import io.countersign.core.policy.PolicyContext;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.PolicyHolder;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.PolicyReplay;
import io.countersign.core.review.ReviewService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root: opens one workspace and wires its stores and the core services. It holds
 * no use cases; the console and the CLI call the same services it hands out, so they can never
 * disagree about what a command does.
 */
public final class Countersign implements AutoCloseable {

    public static final String POLICY_FILE = FilePolicyArchive.POLICY_FILE;
    public static final String HOME_ENV = "COUNTERSIGN_HOME";

    private final Workspace workspace;
    private final PolicyHolder policy;
    private final ReviewService review;
    private final ImportService importer;
    private final PolicyActivation policies;
    private final DoNotContactService doNotContact;
    private final ProfileStore profile;
    private final Clock clock;
    private final io.countersign.core.outbox.OutboxService outbox;
    private final io.countersign.core.outbox.Sender sender;
    private final io.countersign.core.outbox.AutoSendService autoSend;
    private final io.countersign.core.review.ReviewerSigning signing;

    private Countersign(Workspace workspace, FilePolicyArchive archive, PolicyHolder policy, Clock clock) {
        this.workspace = workspace;
        this.policy = policy;
        this.clock = clock;
        java.util.function.Supplier<PolicyContext> context = this::policyContext;
        this.signing = new io.countersign.core.review.ReviewerSigning(
                new io.countersign.adapters.persistence.FileReviewerKeys(workspace.home(),
                        io.countersign.adapters.persistence.FileReviewerKeys.Cost.DEFAULT),
                workspace.auditLog(), workspace.unitOfWork(), clock);
        this.review = new ReviewService(workspace.draftStore(), workspace.unitOfWork(), policy, clock, context, signing);
        this.importer = new ImportService(workspace.draftStore(), policy, clock, context);
        this.policies = new PolicyActivation(policy, archive, workspace.unitOfWork(), workspace.auditLog(),
                review::reevaluatePending);
        this.doNotContact = new DoNotContactService(workspace.suppressions(), a -> review.reevaluatePending(a, true));
        this.profile = new ProfileStore(workspace.home());
        this.deviceKey = new io.countersign.core.audit.bundle.DeviceKey(workspace.credentials());
        workspace.signCheckpointsWith(deviceKey::get, deviceKey::existing);
        this.tokenEndpoint = new io.countersign.adapters.oauth.TokenEndpoint(java.time.Duration.ofSeconds(30));
        this.tokens = new io.countersign.adapters.oauth.AccessTokens(workspace.credentials(), tokenEndpoint, clock);
        this.outbox = new io.countersign.core.outbox.OutboxService(workspace.outbox(), workspace.unitOfWork(),
                workspace.auditLog(), workspace.draftStore(), review, workspace.identities(), policy, context, clock,
                new java.util.SplittableRandom(), new io.countersign.core.outbox.OutboxService.Settings(profile.undoWindow(),
                profile.companyDailyCap()));
        this.outbox.onCredentialsRefused((identity, reason) -> {
            if (workspace.identities().find(identity.id()).map(i -> !i.paused()).orElse(false)) {
                try {
                    identities().pause(identity.id(), reason, Actor.SYSTEM);
                } catch (io.countersign.core.identity.IdentityException alreadyPaused) {
                    // paused meanwhile: nothing more to do
                }
            }
        });
        this.autoSend = new io.countersign.core.outbox.AutoSendService(workspace.outbox(), workspace.draftStore(), review,
                workspace.identities(), workspace.auditLog(), clock);
        this.sender = new io.countersign.core.outbox.Sender(outbox, adapters(null), autoSend);
    }

    /** The channel adapters of this workspace; {@code tls} trusts a server the JDK does not (tests), or null. */
    public io.countersign.adapters.channels.ChannelAdapters adapters(javax.net.ssl.SSLSocketFactory tls) {
        return new io.countersign.adapters.channels.ChannelAdapters(workspace.sandboxDir(), workspace.credentials(), clock,
                java.time.Duration.ofSeconds(30), tls, tokens);
    }

    /** The workspace's log key: signs a checkpoint after each append batch, and bundles. */
    private final io.countersign.core.audit.bundle.DeviceKey deviceKey;

    /** The OAuth token endpoint client (one HTTP client, made when first used) for sign-in and renewal alike. */
    private final io.countersign.adapters.oauth.TokenEndpoint tokenEndpoint;

    /** Access tokens of identities signed in with OAuth, renewed as they expire (one cache per workspace). */
    private final io.countersign.adapters.oauth.AccessTokens tokens;

    /** The draft table, the do-not-contact list and the kept policies, checked against the log. */
    public io.countersign.core.integrity.ProjectionCheck projectionCheck() {
        return new io.countersign.core.integrity.ProjectionCheck(workspace.auditLog(), workspace.draftStore(), doNotContact,
                policies, workspace.unitOfWork());
    }

    /** The log as others check it: export bundles, signed checkpoints, inclusion proofs. */
    public io.countersign.core.audit.bundle.AuditBundles auditBundles() {
        return new io.countersign.core.audit.bundle.AuditBundles(workspace.auditLog(), deviceKey,
                () -> workspace.auditIntegrity().verify());
    }

    /** Pushing the audit log to the collector that witnesses it, and what it cosigned. */
    public io.countersign.core.sync.SyncService sync() {
        return new io.countersign.core.sync.SyncService(workspace.auditLog(), deviceKey, workspace.sync(), collectorClients(), clock);
    }

    private io.countersign.core.sync.CollectorClient.Factory collectorClients;

    /** One HTTP client per workspace; trusts the system's CAs and, when present, the collector CA saved at enrolment. */
    private synchronized io.countersign.core.sync.CollectorClient.Factory collectorClients() {
        if (collectorClients == null) {
            collectorClients = io.countersign.adapters.collector.CollectorTrust.clients(workspace.home(), clock);
        }
        return collectorClients;
    }

    /** Signing an SMTP identity in with Google, Microsoft or another OAuth provider (the browser flow). */
    public io.countersign.core.identity.SignInService signIn() {
        return new io.countersign.core.identity.SignInService(identities(),
                new io.countersign.adapters.oauth.LoopbackSignIn(tokenEndpoint));
    }

    /** The outbox: scheduling, cancelling, resolving, retrying, pausing all sending. */
    public io.countersign.core.outbox.OutboxService outbox() {
        return outbox;
    }

    /** Runs the outbox through this workspace's adapters (one run at a time). */
    public io.countersign.core.outbox.Sender sender() {
        return sender;
    }

    /** A sender with other adapters (a test server's TLS, say); shares nothing but the workspace with {@link #sender()}. */
    public io.countersign.core.outbox.Sender sender(io.countersign.core.outbox.ChannelAdapter.Factory adapters) {
        return new io.countersign.core.outbox.Sender(outbox, adapters, autoSend);
    }

    /** Bounces and replies read from each email identity's mailbox, matched to what was sent. */
    public io.countersign.core.outbox.ResultsService results() {
        return new io.countersign.core.outbox.ResultsService(workspace.outbox(), workspace.unitOfWork(), doNotContact, clock,
                outbox::checkAfterBounce);
    }

    /** Reads identities' mailboxes over IMAP with their stored secrets. */
    public io.countersign.core.outbox.MailboxReader mailboxes() {
        return new io.countersign.adapters.channels.email.ImapMailboxes(workspace.credentials(), tokens);
    }

    /** Auto-send rules: off until one is added. */
    public io.countersign.core.outbox.AutoSendService autoSend() {
        return autoSend;
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
     * when asked, seeds the demo drafts. An invalid policy file refuses the open.
     */
    public static Countersign open(Path home, boolean seedDemoIfNew, Clock clock) {
        return open(home, seedDemoIfNew, clock, true);
    }

    /**
     * Opens a workspace for commands that only read what is stored (the audit log, the queue, the
     * do-not-contact list): an invalid policy file does not stop them. Anything that then needs the
     * policy fails with {@link PolicyHolder.UnavailableException} naming the file, line and problem.
     */
    public static Countersign openForReading(Path home, Clock clock) {
        return open(home, false, clock, false, false);
    }

    /**
     * As {@link #openForReading}, and the database is opened read-only: nothing is written, not
     * even H2's own bookkeeping, so this works on a full disk. Every write is refused.
     */
    public static Countersign openReadOnly(Path home, Clock clock) {
        return open(home, false, clock, false, true);
    }

    private static Countersign open(Path home, boolean seedDemoIfNew, Clock clock, boolean requirePolicy) {
        return open(home, seedDemoIfNew, clock, requirePolicy, false);
    }

    private static Countersign open(Path home, boolean seedDemoIfNew, Clock clock, boolean requirePolicy, boolean readOnly) {
        Workspace workspace = Workspace.open(home, clock, readOnly);
        try {
            FilePolicyArchive archive = new FilePolicyArchive(workspace.home());
            PolicyHolder holder;
            try {
                holder = new PolicyHolder(archive.readCurrent(readOnly));
            } catch (PolicyException e) {
                String reason = "The policy file is invalid, so nothing can be evaluated: " + e.getMessage()
                        + ". Fix the file, or delete it to restore the default policy.";
                if (requirePolicy) {
                    throw new WorkspaceException(reason, e);
                }
                holder = PolicyHolder.unavailable(reason);
            }
            Countersign app = new Countersign(workspace, archive, holder, clock);
            if (!readOnly && holder.available() && workspace.auditIntegrity().finding().isEmpty()) {
                app.policies.recordInForce(Actor.SYSTEM); // a write: not while the log is closed by a finding
                app.signing.requireSignedDecisions();
            }
            if (seedDemoIfNew && workspace.wasCreated()) {
                app.seedDemo();
            }
            return app;
        } catch (RuntimeException e) {
            workspace.close();
            if (io.countersign.core.io.IoErrors.isDiskFull(e, workspace.home()) && !(e instanceof WorkspaceException)) {
                throw new WorkspaceException("The disk holding " + workspace.home() + " is full (No space left on device), "
                        + "so the workspace cannot be opened for writing; nothing was changed. Free some space; reading "
                        + "commands (audit verify, audit log, queue, suppress list) still work.", e);
            }
            throw e;
        }
    }

    private void seedDemo() {
        try (InputStream in = Countersign.class.getResourceAsStream("demo-drafts.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("demo data missing from the application");
            }
            // Read once: the drafts are imported and name the identities the demo needs.
            var demo = DraftFileReader.read("demo-drafts.jsonl", in.readAllBytes(), DraftFileReader.Format.JSONL).drafts();
            // Identities first: each draft's decision checks its sending identity when it is imported.
            java.util.Map<String, io.countersign.core.draft.Channel> ids = new java.util.HashMap<>();
            demo.forEach(d -> ids.putIfAbsent(d.identityId(), d.channel()));
            identities().addSandboxFor(ids, Actor.SYSTEM);
            importer.importDrafts("demo-drafts.jsonl", demo.iterator(), io.countersign.core.work.Progress.NONE);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot seed demo data: " + e.getMessage(), e);
        }
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Reviewers' signing keys: create, unlock, lock; every decision is signed with one. */
    public io.countersign.core.review.ReviewerSigning signing() {
        return signing;
    }

    /** The policy in force; throws {@link PolicyHolder.UnavailableException} when the workspace's policy file is invalid. */
    public Policy policy() {
        return policy.get();
    }

    public boolean policyAvailable() {
        return policy.available();
    }

    public ReviewService review() {
        return review;
    }

    public ImportService importer() {
        return importer;
    }

    /** Activating, reloading and finding kept policies. */
    public PolicyActivation policies() {
        return policies;
    }

    /** Sending accounts: add, pause, resume, list. */
    public io.countersign.core.identity.IdentityService identities() {
        return new io.countersign.core.identity.IdentityService(workspace.identities(), workspace.credentials(), clock,
                a -> review.reevaluatePending(a, true));
    }

    /** Whether the audit log verifies, and the acknowledgement that lets writing go on after it did not. */
    public io.countersign.core.integrity.AuditIntegrity auditIntegrity() {
        return workspace.auditIntegrity();
    }

    public DoNotContactService doNotContact() {
        return doNotContact;
    }

    public PolicyReplay replay() {
        return new PolicyReplay(drafts(), audit(), policyContext());
    }

    public DraftStore drafts() {
        return workspace.draftStore();
    }

    public AuditLog audit() {
        return workspace.auditLog();
    }

    public ChangeFeed changes() {
        return workspace.changes();
    }

    public PolicyContext policyContext() {
        return new PolicyContext(workspace.suppressions(), workspace.contactHistory(), clock, workspace.identities());
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
