package io.countersign.core.review;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.audit.DecisionSignatures;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.store.UnitOfWork;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Reviewers' signing keys as the workflow needs them: a reviewer creates a key once (its public
 * part enters the log as a {@code reviewer.key-added} entry) and unlocks it with the passphrase
 * once per session; every approval and rejection is then signed with it ({@link DecisionSignatures}).
 */
public final class ReviewerSigning {

    private final ReviewerKeys keys;
    private final AuditLog log;
    private final UnitOfWork unitOfWork;

    private final java.time.Clock clock;

    /** @param clock the workspace's clock, the one its log stamps entries with */
    public ReviewerSigning(ReviewerKeys keys, AuditLog log, UnitOfWork unitOfWork, java.time.Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.keys = Objects.requireNonNull(keys);
        this.log = Objects.requireNonNull(log);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
    }

    /** Where a passphrase comes from when a decision needs a key that is not unlocked (a CLI option, a test). */
    @FunctionalInterface
    public interface Passphrases {
        /** @param creating the reviewer has no key yet and one would be made with it */
        java.util.Optional<char[]> passphrase(String reviewer, boolean creating);
    }

    private volatile Passphrases passphrases = (reviewer, creating) -> java.util.Optional.empty();

    /** Lets decisions unlock (or, if the source agrees, create) a reviewer's key on demand. */
    public void passphrases(Passphrases source) {
        this.passphrases = Objects.requireNonNull(source);
    }

    public ReviewerKeys.State state(String reviewer) {
        return keys.state(reviewer);
    }

    /**
     * Creates the reviewer's first key (unlocked) and records its public part in the log.
     *
     * @throws ReviewException when the log holds a key for the reviewer already: a further one needs an
     *                         endorsement ({@link #create(String, char[], String, char[])})
     */
    public NoteKey create(String reviewer, char[] passphrase) {
        java.util.Optional<String> endorsement = endorsementNeeded(reviewer);
        if (endorsement.isPresent()) {
            throw new ReviewException(endorsement.get());
        }
        NoteKey key = keys.create(reviewer, passphrase);
        ensureInLog(reviewer, key); // if the log refuses it now (an open finding) this throws; it is recorded at the first use
        return key;
    }

    /**
     * Creates a further key for a reviewer the log holds a key for already (the old one was lost),
     * endorsed by {@code endorser}'s registered key, unlocked with {@code endorserPassphrase} for
     * this only: the log names who vouched for it.
     *
     * @throws ReviewException when the endorser cannot endorse (no key, wrong passphrase, the reviewer themself)
     */
    public NoteKey create(String reviewer, char[] passphrase, String endorser, char[] endorserPassphrase) {
        if (endorser == null || endorser.isBlank() || endorser.strip().equals(reviewer)) {
            throw new ReviewException("a new key for " + reviewer + " is endorsed by another reviewer (--endorsed-by NAME)");
        }
        String by = endorser.strip();
        if (keys.state(reviewer) != ReviewerKeys.State.NONE) {
            throw new ReviewException(reviewer + " has a signing key in this workspace already (" + keyId(reviewer).orElse("?") + ")");
        }
        if (keys.state(by) == ReviewerKeys.State.NONE) {
            throw new ReviewException(by + " has no signing key in this workspace, so cannot endorse one");
        }
        boolean wasUnlocked = keys.unlocked(by).isPresent();
        NoteKey endorserKey;
        try {
            endorserKey = keys.unlock(by, endorserPassphrase);
        } catch (ReviewerKeys.WrongPassphraseException e) {
            throw new ReviewException(by + "'s passphrase does not open their signing key: " + e.getMessage());
        }
        try {
            ensureInLog(by, endorserKey);
            NoteKey key = keys.create(reviewer, passphrase);
            unitOfWork.writeAll(w -> w.audit(DecisionSignatures.keyAdded(reviewer, key, by, endorserKey)));
            inLog.add(reviewer + "\n" + Base64.getEncoder().encodeToString(key.publicKey()));
            return key;
        } finally {
            if (!wasUnlocked) {
                keys.lock(by);
            }
        }
    }

    /**
     * Why a new key for this reviewer cannot be made without an endorsement (the log holds a key for
     * them, whose file this workspace no longer has), or empty when {@link #create(String, char[])} may.
     */
    public java.util.Optional<String> endorsementNeeded(String reviewer) {
        if (keys.state(reviewer) != ReviewerKeys.State.NONE) {
            return java.util.Optional.empty();
        }
        return keyEntries(reviewer).stream().findFirst().map(earlier -> reviewer + " has a signing key in this workspace's "
                + "audit log already (" + earlier.json().path("key").asText() + ", entry " + earlier.seq() + "): a new key for them "
                + "must be endorsed by another reviewer's key, so that nobody who can write the workspace can give them a key of "
                + "their own (CLI: countersign review key create --reviewer " + reviewer + " --endorsed-by NAME)");
    }

    private java.util.List<AuditEntry> keyEntries(String reviewer) {
        return log.ofType(AuditEventType.REVIEWER_KEY_ADDED.wireName()).stream().filter(e -> e.actorId().equals(reviewer)).toList();
    }

    /**
     * Unlocks the reviewer's key for this session; records its public part if the log does not
     * hold it yet (a key made while the log could not be written).
     */
    public NoteKey unlock(String reviewer, char[] passphrase) {
        NoteKey key = keys.unlock(reviewer, passphrase);
        ensureInLog(reviewer, key);
        return key;
    }

    public void lock(String reviewer) {
        keys.lock(reviewer);
    }

    /** The key id of the reviewer's key, if the reviewer has one. */
    public java.util.Optional<String> keyId(String reviewer) {
        return keys.publicKey(reviewer).map(DecisionSignatures::keyId);
    }

    /**
     * In a log begun before decisions were signed (it holds unsigned human decisions and no key),
     * records once that every decision from here on is signed: the earlier ones stay as they were
     * made. A new log needs nothing: all its decisions are signed.
     */
    public void requireSignedDecisions() {
        if (log.latest(AuditEventType.DECISIONS_SIGNED).isPresent() || log.latest(AuditEventType.REVIEWER_KEY_ADDED).isPresent()) {
            return;
        }
        boolean legacy = false;
        for (AuditEventType t : java.util.List.of(AuditEventType.DRAFT_APPROVED, AuditEventType.DRAFT_REJECTED)) {
            if (log.latest(t).isEmpty()) {
                continue;
            }
            legacy |= log.ofType(t.wireName()).stream().anyMatch(e -> e.actorKind().equals("human") && !e.json().has("signature"));
        }
        if (legacy) {
            unitOfWork.writeAll(w -> w.audit(DecisionSignatures.required()));
        }
    }

    /**
     * The {@code signature} member for a decision by this reviewer.
     *
     * @throws ReviewException naming what the reviewer must do when the key is missing or locked
     */
    public Map<String, Object> sign(String reviewer, String decision, QueuedDraft q, java.util.List<String> acknowledgedRules) {
        NoteKey key = keyFor(reviewer);
        String recipient = decision.equals("approved") ? DraftEvents.recipientOf(q) : "";
        return DecisionSignatures.sign(key, new DecisionSignatures.Decision(decision, q.id(), q.subject(), q.body(),
                q.decision().policyVersion(), q.draft().identityId(), recipient, acknowledgedRules, clock.instant().toString()));
    }

    /**
     * Makes sure the reviewer can sign (unlocking the key from the passphrase source if needed):
     * for a command that decides many drafts, once before the first.
     *
     * @throws ReviewException naming what the reviewer must do
     */
    public void ready(String reviewer) {
        keyFor(reviewer);
    }

    private NoteKey keyFor(String reviewer) {
        if (keys.unlocked(reviewer).isEmpty()) {
            boolean creating = keys.state(reviewer) == ReviewerKeys.State.NONE;
            passphrases.passphrase(reviewer, creating).ifPresent(p -> {
                try {
                    if (creating) {
                        create(reviewer, p);
                    } else {
                        unlock(reviewer, p);
                    }
                } catch (ReviewerKeys.WrongPassphraseException | IllegalArgumentException | IllegalStateException e) {
                    throw new ReviewException(e.getMessage());
                } finally {
                    java.util.Arrays.fill(p, '\0');
                }
            });
        }
        NoteKey unlockedKey = keys.unlocked(reviewer).orElseThrow(() -> new ReviewException(switch (keys.state(reviewer)) {
            case NONE -> reviewer + " has no signing key yet: every decision is signed, so create one first "
                    + "(the console asks for a passphrase; CLI: countersign review key create)";
            default -> reviewer + "'s signing key is locked: unlock it with the passphrase "
                    + "(the console asks; CLI: --passphrase-file FILE, or the prompt in a terminal)";
        }));
        ensureInLog(reviewer, unlockedKey);
        return unlockedKey;
    }

    /** Keys (reviewer and public key) known to be in the log. */
    private final java.util.Set<String> inLog = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Makes sure the log holds the key, appending its {@code reviewer.key-added} entry if not: a
     * key is never used before the log can check what it signs. Throws when the log refuses the write.
     */
    private void ensureInLog(String reviewer, NoteKey key) {
        String pub = Base64.getEncoder().encodeToString(key.publicKey());
        if (inLog.contains(reviewer + "\n" + pub)) {
            return;
        }
        java.util.List<AuditEntry> registered = keyEntries(reviewer);
        boolean found = registered.stream().anyMatch(e -> e.json().path("publicKey").asText().equals(pub));
        if (!found && !registered.isEmpty()) {
            throw new ReviewException(reviewer + "'s signing key " + DecisionSignatures.keyId(key.publicKey()) + " is not in the audit "
                    + "log, which holds another key for them (" + registered.get(0).json().path("key").asText() + "): a further key "
                    + "signs nothing that verifies unless another reviewer endorses it");
        }
        if (!found) {
            unitOfWork.writeAll(w -> w.audit(DecisionSignatures.keyAdded(reviewer, key)));
        }
        inLog.add(reviewer + "\n" + pub);
    }
}
