package io.countersign.core.outbox;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.dispatch.SendGate;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityDirectory;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyContext;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.Severity;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.QueuedDraft;
import io.countersign.core.review.ReviewException;
import io.countersign.core.review.ReviewService;
import io.countersign.core.store.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The outbox's state machine. Approved drafts are scheduled with the approval entry they rest on
 * (the row names it; scheduling is not an audit event of its own, it follows from the approval);
 * each attempt is claimed (gate checked again, limits taken, state SENDING committed) before any
 * transport is called and recorded afterwards; a crash in between leaves the entry in SENDING,
 * which {@link #recover} turns into UNKNOWN (or SCHEDULED, for transports that deduplicate). Every
 * change a person would ask about is an audit event.
 */
public final class OutboxService {

    /** Switch name: sending paused for the whole workspace. */
    public static final String PAUSE_ALL = "sending-paused";
    public static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration PAUSED_RECHECK = Duration.ofMinutes(5);
    private static final int BATCH = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;:()\\[\\]\\\\]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]{2,}");

    /** How long an approval can be withdrawn before its message may leave, and other settings. */
    public record Settings(Duration undoWindow, int companyDailyCap) {
    }

    /** Anomaly stop: over the last {@value #ANOMALY_WINDOW} finished sends, more than this share failed. */
    public static final double MAX_FAILURE_RATE = 0.2;
    public static final int ANOMALY_WINDOW = 50;
    /** ...judged only once this many sends are in the window, so two early failures do not stop an identity. */
    public static final int ANOMALY_MIN_SENDS = 10;
    /** Anomaly stop: today's pace above this multiple of the trailing 7-day daily mean (from 20 sends a day on). */
    public static final double MAX_SPIKE = 3.0;

    private final java.util.concurrent.ConcurrentLinkedQueue<String> alerts = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Alerts raised since the last call (an identity stopped by an anomaly), oldest first. */
    public List<String> drainAlerts() {
        List<String> out = new ArrayList<>();
        for (String a; (a = alerts.poll()) != null; ) {
            out.add(a);
        }
        return out;
    }

    /**
     * Whether an identity's recent sending looks wrong: too many failures over its last sends, or
     * today's count far above its usual pace. The reason says which, with the figures.
     */
    Optional<String> anomaly(Identity identity, String day) {
        return anomaly(identity, day, true);
    }

    /** @param afterFailure only a failure can raise the failure rate, so only then is it read */
    private Optional<String> anomaly(Identity identity, String day, boolean afterFailure) {
        List<OutboxState> recent = afterFailure ? store.recentOutcomes(identity.id(), ANOMALY_WINDOW) : List.of();
        if (recent.size() >= ANOMALY_MIN_SENDS) {
            long failed = recent.stream().filter(s -> s == OutboxState.FAILED).count();
            if (failed > recent.size() * MAX_FAILURE_RATE) {
                return Optional.of("anomaly stop: " + failed + " of the last " + recent.size() + " sends failed ("
                        + Math.round(100.0 * failed / recent.size()) + " %, more than " + Math.round(MAX_FAILURE_RATE * 100) + " %)");
            }
        }
        String action = SendLimits.action(identity.channel());
        int today = store.used(identity.id(), action, day);
        if (today >= 20) {
            java.time.LocalDate d = java.time.LocalDate.parse(day);
            int week = store.usedBetween(identity.id(), action, d.minusDays(7).toString(), d.minusDays(1).toString());
            double mean = week / 7.0;
            if (week > 0 && today > mean * MAX_SPIKE) {
                return Optional.of("anomaly stop: " + today + " sent today against a 7-day mean of "
                        + String.format(java.util.Locale.ROOT, "%.1f", mean) + " a day (more than " + (int) MAX_SPIKE + "×)");
            }
        }
        return Optional.empty();
    }

    private final OutboxStore store;
    private final UnitOfWork unitOfWork;
    private final AuditLog audit;
    private final DraftStore drafts;
    private final ReviewService review;
    private final IdentityDirectory identities;
    private final Supplier<Policy> policy;
    private final Supplier<PolicyContext> context;
    private final Clock clock;
    private final RandomGenerator random;
    private volatile Settings settings;

    public OutboxService(OutboxStore store, UnitOfWork unitOfWork, AuditLog audit, DraftStore drafts, ReviewService review,
                         IdentityDirectory identities, Supplier<Policy> policy, Supplier<PolicyContext> context, Clock clock,
                         RandomGenerator random, Settings settings) {
        this.store = Objects.requireNonNull(store);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.audit = Objects.requireNonNull(audit);
        this.drafts = Objects.requireNonNull(drafts);
        this.review = Objects.requireNonNull(review);
        this.identities = Objects.requireNonNull(identities);
        this.policy = Objects.requireNonNull(policy);
        this.context = Objects.requireNonNull(context);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.settings = Objects.requireNonNull(settings);
    }

    public Settings settings() {
        return settings;
    }

    public void settings(Settings s) {
        this.settings = Objects.requireNonNull(s);
    }

    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- scheduling

    /** What scheduling did: entries made, and drafts refused at the gate (each with its reason). */
    public record Scheduled(int scheduled, List<String> refused) {
    }

    /**
     * Puts every approved draft without an outbox entry in the outbox, each resting on its verified
     * approval entry. A draft whose approval cannot be found or verified gets a FAILED entry saying
     * why (and a {@code send.refused} event), so it is visible in the outbox and never sent.
     */
    public Scheduled schedule() {
        // The sweep walks every approved draft; after the first one in this process it runs again only
        // when an approval was recorded since (a draft approved outside the log is found at the next start).
        long latestApproval = audit.latest(AuditEventType.DRAFT_APPROVED).map(AuditEntry::seq).orElse(-1L);
        if (swept && latestApproval <= sweptUpTo) {
            return new Scheduled(0, List.of());
        }
        int made = 0;
        List<String> refused = new ArrayList<>();
        String[] after = {null};
        java.util.Map<String, String> addresses = new java.util.HashMap<>();
        while (true) {
            // The page is read inside the unit, under the write lock: no approval can be withdrawn between
            // reading a candidate and scheduling it.
            int[] n = {0, 0};
            unitOfWork.write(w -> {
                OutboxStore.Candidates page = store.approvedWithoutEntry(after[0], BATCH);
                List<String> ids = page.ids();
                n[1] = ids.size();
                after[0] = page.next();
                if (ids.isEmpty()) {
                    return null;
                }
                java.util.Map<String, SendGate.Approval> approvals = SendGate.approvalsOf(ids, audit);
                List<OutboxEntry> pending = new ArrayList<>(ids.size());
                for (OutboxStore.Candidate c : page.rows()) {
                    String why = scheduleOne(c, approvals.get(c.draftId()), addresses, pending);
                    if (why == null) {
                        n[0]++;
                    } else {
                        refused.add(c.draftId() + ": " + why);
                    }
                }
                store.insertAll(pending, OutboxService::scheduledEvent);
                return null;
            });
            made += n[0];
            if (n[1] == 0 || after[0] == null) {
                break;
            }
        }
        // Only a sweep that got to the end counts: one that failed part-way runs again next time.
        swept = true;
        sweptUpTo = latestApproval;
        return new Scheduled(made, refused);
    }

    private volatile boolean swept;
    private volatile long sweptUpTo = -1;

    /** Returns null when scheduled, else why not (a FAILED entry then records it). */
    private String scheduleOne(String draftId) {
        Optional<QueuedDraft> q = drafts.find(draftId);
        if (q.isEmpty() || q.get().status() != ReviewStatus.APPROVED) {
            return "no longer approved";
        }
        return scheduleOne(OutboxStore.Candidate.of(q.get()), SendGate.approvalOf(draftId, audit), new java.util.HashMap<>(), null);
    }

    /**
     * @param c an approved draft (its status read in this unit)
     * @param addresses identity id to from-address, filled as identities are looked up (one lookup per identity per batch)
     */
    private String scheduleOne(OutboxStore.Candidate c, SendGate.Approval approval, java.util.Map<String, String> addresses,
                               List<OutboxEntry> pending) {
        Instant now = clock.instant();
        if (approval instanceof SendGate.Refused r) {
            refuse(c, 0, "", "", r.reason(), now);
            return r.reason();
        }
        SendGate.Verified v = (SendGate.Verified) approval;
        String recipient = c.recipient();
        String recipientProblem = recipientProblem(c);
        if (recipientProblem == null && !v.recipient().isEmpty() && !v.recipient().equalsIgnoreCase(recipient)) {
            recipientProblem = "the approval was for recipient " + v.recipient() + ", but the lead now says " + recipient;
        }
        Instant undo = v.approvedAt().plus(settings.undoWindow());
        String messageId = messageId(v, addresses.computeIfAbsent(c.identityId(),
                i -> identities.find(i).map(Identity::address).orElse("")));
        OutboxEntry entry = new OutboxEntry(0, c.draftId(), c.identityId(), c.channel(), recipient,
                company(c.company()), v.subject(), v.body(), v.seq(), v.chainHashHex(), v.approvedBy(),
                recipientProblem == null ? OutboxState.SCHEDULED : OutboxState.FAILED, 0, undo, undo, messageId, "",
                recipientProblem == null ? "" : recipientProblem, recipientProblem == null ? "undo window" : "", now, now, null);
        if (pending == null) {
            store.insert(entry, OutboxService::scheduledEvent);
        } else {
            pending.add(entry);
        }
        return recipientProblem;
    }

    /**
     * Scheduling follows from the approval (the outbox row names it), so it is not an audit event of
     * its own; a refusal at the gate is. Deferrals, sends and failures are audited as they happen.
     */
    private static AuditEvent scheduledEvent(OutboxEntry e) {
        return e.state() == OutboxState.SCHEDULED ? null
                : event(AuditEventType.SEND_REFUSED, Actor.SYSTEM, e).with("reason", e.lastError()).build();
    }

    /** A FAILED entry for an approval the gate refused, with the draft's current text for the record. */
    private void refuse(OutboxStore.Candidate c, long seq, String hash, String by, String reason, Instant now) {
        Optional<QueuedDraft> q = drafts.find(c.draftId());
        OutboxEntry entry = new OutboxEntry(0, c.draftId(), c.identityId(), c.channel(), c.recipient(),
                company(c.company()), q.map(QueuedDraft::subject).orElse(""), q.map(QueuedDraft::body).orElse(""), seq, hash,
                by, OutboxState.FAILED, 0, now, now, "", "", reason, "", now, now, null);
        store.insert(entry, e -> event(AuditEventType.SEND_REFUSED, Actor.SYSTEM, e).with("reason", reason).build());
    }

    private static String company(String company) {
        return company == null ? "" : company.strip().toLowerCase(Locale.ROOT);
    }

    /** Why the draft's lead cannot receive it on its channel, or null. */
    static String recipientProblem(OutboxStore.Candidate c) {
        String r = c.recipient();
        if (c.channel() == Channel.EMAIL) {
            if (r.isEmpty()) {
                return "lead " + c.leadId() + " has no email address, so an email draft cannot be sent";
            }
            if (!EMAIL.matcher(r).matches() || r.length() > 254) {
                return "lead " + c.leadId() + "'s email '" + oneLine(r, 80) + "' is not an address";
            }
            return null;
        }
        if (r.isEmpty()) {
            return "lead " + c.leadId() + " has no LinkedIn profile URL";
        }
        return r.toLowerCase(Locale.ROOT).matches("https://([a-z]{2,3}\\.)?linkedin\\.com/in/[^\\s]+") ? null
                : "lead " + c.leadId() + "'s profile URL '" + oneLine(r, 80) + "' is not a LinkedIn profile URL";
    }

    /** Stable for the approval, so every attempt and every retry carries the same Message-ID. */
    static String messageId(SendGate.Verified v, String from) {
        String domain = "countersign.invalid";
        int at = from.lastIndexOf('@');
        if (at > 0 && from.substring(at + 1).matches("[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")) {
            domain = from.substring(at + 1).toLowerCase(Locale.ROOT);
        }
        return "<cs." + v.seq() + "." + v.chainHashHex().substring(0, 16) + "@" + domain + ">";
    }

    // ---------------------------------------------------------------- sending

    /** A message claimed for one attempt: committed as SENDING, its limit taken on {@code day}. */
    public record Claimed(OutboxEntry entry, Identity identity, OutboundMessage message, String day, String action) {
    }

    /** Why nothing was claimed although something is scheduled, for status lines. */
    public Optional<OutboxStore.Switch> pausedAll() {
        return store.workspaceSwitch(PAUSE_ALL);
    }

    /**
     * Claims up to {@code max} due messages in one unit of work, at most one per identity and none
     * of an identity that already has a message in SENDING: each is checked at the gate again
     * (approval in the log, the policy in force, the identity's state) and against its identity's
     * window, cap and gap; what may go now is moved to SENDING with its counter taken, what may not
     * is rescheduled with the reason.
     */
    public List<Claimed> claim(int max) {
        if (pausedAll().isPresent()) {
            return List.of();
        }
        return unitOfWork.write(w -> {
            List<Claimed> out = new ArrayList<>();
            java.util.Set<String> inFlight = new java.util.HashSet<>();
            Instant now = clock.instant();
            // Look past entries that must wait (a paused or capped identity's backlog), up to a budget per claim.
            for (long id : store.dueIds(now, max + 200)) {
                if (out.size() >= max) {
                    break;
                }
                OutboxEntry e = store.find(id).orElse(null);
                if (e == null || e.state() != OutboxState.SCHEDULED || inFlight.contains(e.identityId())) {
                    continue;
                }
                Claimed c = claimOne(e, now);
                if (c != null) {
                    out.add(c);
                    inFlight.add(e.identityId());
                }
            }
            return out;
        });
    }

    private Claimed claimOne(OutboxEntry e, Instant now) {
        return claimOne(e, now, false);
    }

    private Claimed claimOne(OutboxEntry e, Instant now, boolean assisted) {
        Optional<Identity> found = identities.find(e.identityId());
        if (found.isEmpty()) {
            waitFor(e, now.plus(Duration.ofHours(1)), "identity", "identity " + e.identityId()
                    + " no longer exists: add it again (identities add) or cancel the message", now);
            return null;
        }
        Identity identity = found.get();
        if (identity.paused()) {
            waitFor(e, now.plus(PAUSED_RECHECK), "identity-paused", "identity " + identity.id() + " is paused: "
                    + identity.stateReason() + " (by " + identity.stateBy() + ")", now);
            return null;
        }
        Optional<QueuedDraft> draft = drafts.find(e.draftId());
        String action = draft.map(q -> SendLimits.action(q.draft(), policy.get())).orElse(SendLimits.action(e.channel()));
        SendLimits.Verdict verdict = SendLimits.check(identity, action, now, store);
        if (verdict instanceof SendLimits.Wait wait) {
            waitFor(e, wait.until(), wait.limit(), wait.reason(), now);
            return null;
        }
        SendLimits.Wait shared = sharedLimits(identity, action, now);
        if (shared != null) {
            waitFor(e, shared.until(), shared.limit(), shared.reason(), now);
            return null;
        }
        if (settings.companyDailyCap() > 0 && !e.recipientCompany().isEmpty()) {
            Instant from = now.minus(Duration.ofDays(1));
            int toCompany = store.sentToCompany(e.recipientCompany(), from, now);
            if (toCompany >= settings.companyDailyCap()) {
                waitFor(e, now.plus(Duration.ofHours(1)), "company-cap", "at most " + settings.companyDailyCap()
                        + " messages a day to people at " + e.recipientCompany() + " (" + toCompany + " in the last 24 h)", now);
                return null;
            }
        }
        if (identity.transport().kind() == io.countersign.core.identity.Transport.Kind.LINKEDIN_ASSISTED && !assisted) {
            return null; // a person sends it from the Outbox (claimAssisted); never the background sender
        }
        String refusal = gateRefusal(e, draft);
        if (refusal != null) {
            OutboxEntry failed = e.failed(OutboxState.FAILED, refusal, null, now);
            store.update(failed, event(AuditEventType.SEND_REFUSED, Actor.SYSTEM, failed).with("reason", refusal).build());
            return null;
        }
        SendLimits.Go go = (SendLimits.Go) verdict;
        store.take(identity.id(), action, go.day(), 1);
        store.setNextAllowed(identity.id(), now.plus(jittered(identity.minGap())));
        OutboxEntry sending = e.attempt(now);
        store.update(sending, null); // the SENDING row is the crash trace; the outcome is the audit event
        QueuedDraft q = draft.orElseThrow();
        String mailto = identity.channel() == Channel.EMAIL ? "mailto:" + identity.address() + "?subject=unsubscribe" : "";
        String https = identity.unsubscribeUrl().replace("{messageId}", urlEncode(e.messageId()));
        OutboundMessage m = new OutboundMessage(e.id(), e.draftId(), identity, e.recipient(), q.draft().lead().name(),
                e.subject(), e.body(), e.messageId(), "countersign-" + e.approvalHash().substring(0, 32), mailto, https);
        return new Claimed(sending, identity, m, go.day(), action);
    }

    /**
     * Assisted send (LinkedIn has no open messaging API): claims one scheduled message for a person
     * to send by hand, after the same gate and limits as any send. The message is then SENDING until
     * the person confirms it with {@link #confirmAssisted}; a crash in between leaves it UNKNOWN.
     *
     * @throws OutboxException naming why it cannot be sent now (its limit, its window, the gate)
     */
    public Claimed claimAssisted(long id) {
        return unitOfWork.write(w -> {
            OutboxEntry e = existing(id);
            Identity identity = identities.find(e.identityId()).orElseThrow(() ->
                    new OutboxException("identity " + e.identityId() + " no longer exists"));
            if (identity.transport().kind() != io.countersign.core.identity.Transport.Kind.LINKEDIN_ASSISTED) {
                throw new OutboxException("outbox entry " + id + " is sent by " + identity.transport().text() + ", not by hand");
            }
            if (e.state() != OutboxState.SCHEDULED) {
                throw new OutboxException("outbox entry " + id + " is " + e.state().wireName() + ", not scheduled");
            }
            if (pausedAll().isPresent()) {
                throw new OutboxException("sending is paused for the whole workspace: " + pausedAll().get().reason());
            }
            Instant now = clock.instant();
            if (e.notBefore().isAfter(now) && !e.waitReason().isEmpty() && !e.waitReason().startsWith("waiting for")) {
                throw new OutboxException("not before " + e.notBefore() + ": " + e.waitReason());
            }
            Claimed c = claimOne(e, now, true);
            if (c == null) {
                OutboxEntry after = store.find(id).orElseThrow();
                throw new OutboxException(after.state() == OutboxState.FAILED ? "refused: " + after.lastError()
                        : "not now: " + after.waitReason() + " (until " + after.notBefore() + ")");
            }
            return c;
        });
    }

    /** A person says whether they sent a message claimed for assisted send; their word is the send event. */
    public OutboxEntry confirmAssisted(long id, boolean sent, Actor actor) {
        return unitOfWork.write(w -> {
            OutboxEntry e = existing(id);
            if (e.state() != OutboxState.SENDING) {
                throw new OutboxException("outbox entry " + id + " is " + e.state().wireName() + ", not being sent by hand");
            }
            Identity identity = identities.find(e.identityId()).orElseThrow(() ->
                    new OutboxException("identity " + e.identityId() + " no longer exists"));
            String day = SendLimits.day(identity, e.updatedAt());
            return record(id, identity, day, sent ? new SendOutcome.Sent("", "confirmed sent by " + actor.id())
                    : SendOutcome.Failed.transient_("not sent: " + actor.id() + " did not send it"), actor, actionOf(e));
        });
    }

    /**
     * The limits beyond the identity's own day: a rolling 24-hour count in place of the local day
     * (when the identity asks for it), and its owner's shared daily budget across identities.
     */
    private SendLimits.Wait sharedLimits(Identity identity, String action, Instant now) {
        if (identity.rolling24h() && !action.equals(SendLimits.LINKEDIN_CONNECTION)) {
            OutboxStore.Recent recent = store.sentSince(identity.id(), now.minus(Duration.ofHours(24)));
            int cap = SendLimits.capOn(identity, java.time.LocalDate.parse(SendLimits.day(identity, now)));
            if (recent.count() >= cap && recent.oldest() != null) {
                Instant until = SendLimits.nextOpening(identity, recent.oldest().plus(Duration.ofHours(24)));
                return new SendLimits.Wait(until, "rolling-24h", "limit of " + cap + " in any 24 hours reached ("
                        + recent.count() + " since " + now.minus(Duration.ofHours(24)) + ")");
            }
        }
        if (!identity.owner().isEmpty()) {
            Optional<Integer> budget = store.ownerBudget(identity.owner());
            if (budget.isPresent()) {
                int total = 0;
                for (var other : store.identitiesOf(identity.owner())) {
                    total += store.usedAll(other.getKey(), now.atZone(java.time.ZoneId.of(other.getValue())).toLocalDate().toString());
                }
                if (total >= budget.get()) {
                    return new SendLimits.Wait(SendLimits.nextDayOpening(identity, now), "owner-budget", "owner "
                            + identity.owner() + "'s shared budget of " + budget.get() + " a day is used (" + total
                            + " across their identities)");
                }
            }
        }
        return null;
    }

    /** Records a test message's result (never counted against limits: it went to the person's own address). */
    void recordTest(Identity identity, OutboundMessage m, SendOutcome outcome, Actor actor) {
        String result = outcome instanceof SendOutcome.Sent ? "sent" : outcome instanceof SendOutcome.Unknown ? "unknown" : "failed";
        String reason = outcome instanceof SendOutcome.Failed f ? f.reason() : outcome instanceof SendOutcome.CredentialsRefused r
                ? r.reason() : outcome instanceof SendOutcome.Unknown u ? u.reason() : null;
        unitOfWork.writeAll(w -> w.audit(AuditEvent.of(AuditEventType.IDENTITY_TESTED, actor).with("identityId", identity.id())
                .with("transport", identity.transport().text()).with("to", m.recipient()).with("messageId", m.messageId())
                .with("result", result).with("reason", reason).build()));
    }

    /** Sets the shared daily budget of an owner's identities (0 removes it); audited. */
    public void setOwnerBudget(String owner, int daily, Actor actor) {
        if (owner == null || owner.isBlank()) {
            throw new OutboxException("OWNER: name the owner (as given to identities add --owner)");
        }
        if (daily < 0 || daily > 100_000) {
            throw new OutboxException("--daily: " + daily + " is not between 0 and 100000");
        }
        unitOfWork.writeAll(w -> store.setOwnerBudget(owner.strip(), daily, actor.id(), clock.instant(),
                AuditEvent.of(AuditEventType.OWNER_BUDGET_SET, actor).with("owner", owner.strip())
                        .with("dailyBudget", daily).build()));
    }

    /** The gate at send time: the approval still stands in the log, and the policy in force does not block the text. */
    private String gateRefusal(OutboxEntry e, Optional<QueuedDraft> q) {
        SendGate.Approval approval = SendGate.approvalOf(e.draftId(), audit);
        if (approval instanceof SendGate.Refused r) {
            return r.reason();
        }
        SendGate.Verified v = (SendGate.Verified) approval;
        if (!v.identityId().isEmpty() && !v.identityId().equals(e.identityId())) {
            return "the approval was for identity " + v.identityId() + ", not " + e.identityId();
        }
        if (!v.recipient().isEmpty() && !v.recipient().equalsIgnoreCase(e.recipient())) {
            return "the approval was for recipient " + v.recipient() + ", not " + e.recipient() + " (the lead changed after approval)";
        }
        if (v.seq() != e.approvalSeq() || !v.chainHashHex().equals(e.approvalHash())) {
            return "the approval this message rests on (entry " + e.approvalSeq() + ") is no longer the draft's latest decision";
        }
        if (!v.subject().equals(e.subject()) || !v.body().equals(e.body())) {
            return "the outbox text differs from the approved text of entry " + v.seq();
        }
        if (q.isEmpty()) {
            return "draft " + e.draftId() + " no longer exists";
        }
        Policy p = policy.get();
        PolicyDecision d = p.evaluate(new PolicyInput(q.get().draft(), v.subject(), v.body(), context.get()));
        if (d.isBlocked()) {
            return "blocked at send time under policy " + p.version() + ": " + d.reason();
        }
        List<String> unacknowledged = new ArrayList<>();
        for (Finding f : d.findingsWith(Severity.REQUIRE_APPROVAL)) {
            if (!v.acknowledgedRules().contains(f.ruleId())) { // an auto-send approval acknowledged nothing
                unacknowledged.add(f.ruleId() + ": " + f.message());
            }
        }
        if (!unacknowledged.isEmpty() && "system".equals(v.actorKind())) {
            return "an auto-sent message now needs a human approval under policy " + p.version() + ": "
                    + String.join("; ", unacknowledged);
        }
        if (!unacknowledged.isEmpty()) {
            return "policy " + p.version() + " now asks for an approval that was not given: " + String.join("; ", unacknowledged);
        }
        return null;
    }

    private void waitFor(OutboxEntry e, Instant until, String limit, String reason, Instant now) {
        boolean changed = !reason.equals(e.waitReason());
        OutboxEntry waiting = e.waiting(until, reason, now);
        boolean routine = limit.equals("gap");
        store.update(waiting, changed && !routine ? event(AuditEventType.SEND_DEFERRED, Actor.SYSTEM, waiting)
                .with("limit", limit).with("reason", reason).with("until", until.toString()).build() : null);
    }

    private Duration jittered(Duration gap) {
        if (gap.isZero()) {
            return gap;
        }
        long ms = gap.toMillis();
        return Duration.ofMillis(ms + (long) (random.nextDouble() * ms * 0.5));
    }

    /**
     * Records the outcome of a claimed attempt. A failure gives the counter back (nothing left);
     * a transient one is retried with exponential backoff and jitter (no sooner than the server's
     * Retry-After) up to {@value #MAX_ATTEMPTS} attempts; a refused login pauses the identity.
     *
     * @return the entry as stored
     */
    public OutboxEntry record(Claimed c, SendOutcome outcome) {
        return record(c.entry().id(), c.identity(), c.day(), outcome, Actor.SYSTEM, c.action());
    }

    /** The counter an entry's message takes, from its draft (connection request or message). */
    private String actionOf(OutboxEntry e) {
        return drafts.find(e.draftId()).map(q -> SendLimits.action(q.draft(), policy.get())).orElse(SendLimits.action(e.channel()));
    }

    private OutboxEntry record(long entryId, Identity identity, String day, SendOutcome outcome, Actor actor, String action) {
        return unitOfWork.write(w -> {
            Instant now = clock.instant();
            OutboxEntry e = store.find(entryId).orElseThrow();
            if (e.state() != OutboxState.SENDING) {
                return e; // resolved by a human meanwhile (cannot happen within one process, kept for safety)
            }
            if (outcome instanceof SendOutcome.Unknown u) {
                OutboxEntry unknown = e.failed(OutboxState.UNKNOWN, u.reason(), null, now);
                store.update(unknown, event(AuditEventType.SEND_UNKNOWN, Actor.SYSTEM, unknown).with("result", "unknown")
                        .with("reason", u.reason()).with("attempt", e.attempts()).build());
                return unknown;
            }
            if (outcome instanceof SendOutcome.Sent s) {
                OutboxEntry sent = e.sent(s.providerId(), now);
                int today = store.used(identity.id(), action, day);
                stopIfAnomalous(identity, day, false);
                store.update(sent, event(AuditEventType.MESSAGE_SENT, actor, sent)
                        .with("result", "sent").with("transport", identity.transport().text())
                        .with("from", identity.address()).with("sandbox", identity.sandbox() ? Boolean.TRUE : null)
                        .with("providerId", s.providerId()).with("detail", s.detail()).with("day", day)
                        .with("usedToday", today).with("sentAs", action).with("attempt", sent.attempts()).build());
                return sent;
            }
            store.take(identity.id(), action, day, -1);
            store.setNextAllowed(identity.id(), now);
            if (outcome instanceof SendOutcome.CredentialsRefused r) {
                OutboxEntry waiting = e.failed(OutboxState.SCHEDULED, r.reason(), now.plus(PAUSED_RECHECK), now);
                store.update(waiting, event(AuditEventType.SEND_FAILED, Actor.SYSTEM, waiting).with("result", "failed")
                        .with("retry", "after the identity is resumed").with("reason", r.reason()).build());
                credentialsRefused.accept(identity, r.reason());
                return waiting;
            }
            SendOutcome.Failed f = (SendOutcome.Failed) outcome;
            boolean giveUp = f.permanent() || e.attempts() >= MAX_ATTEMPTS;
            Instant retryAt = giveUp ? null : now.plus(backoff(e.attempts(), f.retryAfter()));
            String reason = f.permanent() || e.attempts() < MAX_ATTEMPTS ? f.reason()
                    : "gave up after " + e.attempts() + " attempts; last: " + f.reason();
            OutboxEntry next = e.failed(giveUp ? OutboxState.FAILED : OutboxState.SCHEDULED, reason, retryAt, now);
            store.update(next, event(AuditEventType.SEND_FAILED, Actor.SYSTEM, next).with("result", "failed")
                    .with("permanent", f.permanent()).with("attempt", e.attempts()).with("reason", reason)
                    .with("retryAt", retryAt == null ? null : retryAt.toString()).build());
            if (giveUp) {
                stopIfAnomalous(identity, day, true);
            }
            return next;
        });
    }

    /** An outcome recorded, and the next messages claimed, in one unit of work. */
    public record Step(OutboxEntry recorded, List<Claimed> next) {
    }

    /**
     * Records one attempt and claims the next message in the same unit of work: one durable sync
     * per message. The claim may pick the same identity again (its message is no longer SENDING).
     */
    public Step recordAndClaim(Claimed done, SendOutcome outcome, int max) {
        return unitOfWork.write(w -> new Step(record(done, outcome), claim(max)));
    }

    /**
     * Puts claimed messages that were never handed to a transport back in the schedule (their
     * counters given back): for claims that committed but could not be confirmed on disk, which a
     * sender must not act on. A message this cannot release stays SENDING and becomes unknown at
     * the next start, as after a crash.
     */
    public void release(List<Claimed> claimed, String reason) {
        if (claimed.isEmpty()) {
            return;
        }
        unitOfWork.writeAll(w -> {
            Instant now = clock.instant();
            for (Claimed c : claimed) {
                OutboxEntry e = store.find(c.entry().id()).orElse(null);
                if (e == null || e.state() != OutboxState.SENDING) {
                    continue;
                }
                store.take(c.identity().id(), c.action(), c.day(), -1);
                store.setNextAllowed(c.identity().id(), now);
                store.update(e.waiting(now, "not sent: " + reason, now), null);
            }
        });
    }

    private volatile java.util.function.BiConsumer<Identity, String> credentialsRefused = (i, r) -> { };

    /** After a hard bounce: the identity's failure rate may now be too high; stops it if so (with an alert). */
    public void checkAfterBounce(String identityId) {
        identities.find(identityId).filter(i -> !i.paused())
                .ifPresent(i -> stopIfAnomalous(i, SendLimits.day(i, clock.instant()), true));
    }

    /** Pauses an identity whose sending looks wrong, with the figures, and raises an alert. */
    private void stopIfAnomalous(Identity identity, String day, boolean afterFailure) {
        anomaly(identity, day, afterFailure).ifPresent(reason -> {
            credentialsRefused.accept(identity, reason);
            alerts.add(identity.id() + " paused — " + reason);
        });
    }

    /** What to do when a server refuses an identity's login (the composition root pauses it). */
    public void onCredentialsRefused(java.util.function.BiConsumer<Identity, String> action) {
        this.credentialsRefused = Objects.requireNonNull(action);
    }

    Duration backoff(int attempt, Duration retryAfter) {
        long base = FIRST_BACKOFF.toMillis() << Math.min(10, Math.max(0, attempt - 1));
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long jittered = (long) (capped * (0.8 + random.nextDouble() * 0.4));
        Duration d = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    /**
     * After a crash: an entry left in SENDING may or may not have gone out. For a transport that
     * deduplicates it is scheduled again (same key); otherwise it becomes UNKNOWN and waits for a
     * human. Runs before any sending, at every start.
     *
     * @return how many entries were found in SENDING
     */
    public int recover(java.util.function.Predicate<Identity> deduplicates) {
        return unitOfWork.write(w -> {
            int n = 0;
            Instant now = clock.instant();
            for (OutboxEntry e : store.inState(OutboxState.SENDING, Integer.MAX_VALUE)) {
                Optional<Identity> identity = identities.find(e.identityId());
                if (identity.isPresent() && identity.get().transport().kind()
                        == io.countersign.core.identity.Transport.Kind.LINKEDIN_ASSISTED) {
                    continue; // a person is sending it by hand; they confirm it (the Outbox offers Sent / Not sent)
                }
                n++;
                if (identity.isPresent() && deduplicates.test(identity.get())) {
                    OutboxEntry again = e.waiting(now, "retry after an interrupted attempt (the transport deduplicates)", now);
                    store.update(again, event(AuditEventType.SEND_FAILED, Actor.SYSTEM, again).with("result", "interrupted")
                            .with("reason", "the sender stopped during the attempt; retried with the same key").build());
                } else {
                    OutboxEntry unknown = e.failed(OutboxState.UNKNOWN, "the sender stopped while this message was being "
                            + "sent: it may or may not have gone out. Check the recipient's mailbox or the sent folder, then "
                            + "resolve it (sent / not sent).", null, now);
                    store.update(unknown, event(AuditEventType.SEND_UNKNOWN, Actor.SYSTEM, unknown)
                            .with("result", "unknown").with("attempt", e.attempts()).build());
                }
            }
            return n;
        });
    }

    // ---------------------------------------------------------------- people acting on the outbox

    /**
     * Withdraws an approval whose message has not left: the entry is cancelled and the draft is
     * pending again, in one unit with one {@code send.cancelled} event naming who and why.
     */
    public OutboxEntry cancel(long id, Actor actor, String reason) throws OutboxException {
        return unitOfWork.write(w -> {
            OutboxEntry e = existing(id);
            if (!e.cancellable()) {
                throw new OutboxException("outbox entry " + id + " is " + e.state().wireName()
                        + (e.state() == OutboxState.UNKNOWN ? ": resolve it (outbox resolve " + id + " --sent|--not-sent) first"
                        : ", so it cannot be cancelled"));
            }
            Instant now = clock.instant();
            String why = reason == null || reason.isBlank() ? "withdrawn before sending" : reason.strip();
            OutboxEntry cancelled = e.cancelled("cancelled by " + actor.id() + ": " + why, now);
            store.update(cancelled, null);
            try {
                review.withdrawApproval(e.draftId(), back -> event(AuditEventType.SEND_CANCELLED, actor, cancelled)
                        .with("reason", why).with("draftStatus", back.status().wireName()).build());
            } catch (ReviewException notApproved) {
                // the draft is not approved any more (a refused entry): the cancellation is still recorded
                store.update(cancelled, event(AuditEventType.SEND_CANCELLED, actor, cancelled).with("reason", why).build());
            }
            return cancelled;
        });
    }

    /**
     * Undo of an approval (the console's u / Ctrl+Z): the draft's message is cancelled if it has not
     * left, scheduling it first when the sender has not picked it up yet, so undo works the same
     * at any moment before the send.
     */
    public OutboxEntry undoApproval(String draftId, Actor actor) {
        return unitOfWork.write(w -> {
            Optional<OutboxEntry> latest = store.latestFor(draftId).filter(e -> e.state() != OutboxState.CANCELLED);
            if (latest.isEmpty()) {
                String why = scheduleOne(draftId);
                if (why != null && store.latestFor(draftId).isEmpty()) {
                    throw new OutboxException("draft " + draftId + " cannot be undone: " + why);
                }
                latest = store.latestFor(draftId);
            }
            OutboxEntry e = latest.orElseThrow();
            if (e.state() == OutboxState.SENT || e.state() == OutboxState.SENDING || e.state() == OutboxState.UNKNOWN) {
                throw new OutboxException("too late to undo: the message to " + e.recipient() + " is " + e.state().wireName()
                        + (e.sentAt() == null ? "" : " (" + e.sentAt() + ")"));
            }
            return cancel(e.id(), actor, "undone by " + actor.id());
        });
    }

    /** A human says whether a message of unknown outcome went out. Not sent: it is scheduled again. */
    public OutboxEntry resolve(long id, boolean sent, Actor actor) throws OutboxException {
        return unitOfWork.write(w -> {
            OutboxEntry e = existing(id);
            if (e.state() != OutboxState.UNKNOWN) {
                throw new OutboxException("outbox entry " + id + " is " + e.state().wireName() + ", not unknown");
            }
            Instant now = clock.instant();
            if (sent) {
                OutboxEntry done = e.sent("", now);
                store.update(done, event(AuditEventType.SEND_RESOLVED, actor, done).with("result", "sent").build());
                return done;
            }
            identities.find(e.identityId()).ifPresent(i -> store.take(i.id(), actionOf(e),
                    SendLimits.day(i, e.sentAt() != null ? e.sentAt() : e.updatedAt()), -1)); // the claim's day
            OutboxEntry again = e.retried(now);
            store.update(again, event(AuditEventType.SEND_RESOLVED, actor, again).with("result", "not-sent")
                    .with("then", "scheduled again").build());
            return again;
        });
    }

    /** Puts a failed message back in the schedule (after the cause was fixed). */
    public OutboxEntry retry(long id, Actor actor) throws OutboxException {
        return unitOfWork.write(w -> {
            OutboxEntry e = existing(id);
            if (e.state() != OutboxState.FAILED) {
                throw new OutboxException("outbox entry " + id + " is " + e.state().wireName() + "; only failed messages are retried");
            }
            if (e.approvalSeq() == 0 && e.approvalHash().isEmpty()) {
                throw new OutboxException("outbox entry " + id + " was refused at the gate (" + e.lastError()
                        + "); approve the draft again instead");
            }
            OutboxEntry again = e.retried(clock.instant());
            store.update(again, event(AuditEventType.SEND_RETRIED, actor, again).with("previousError", e.lastError()).build());
            return again;
        });
    }

    public void pauseAll(Actor actor, String reason) throws OutboxException {
        if (reason == null || reason.isBlank()) {
            throw new OutboxException("--reason: say why sending is paused");
        }
        unitOfWork.writeAll(w -> {
            if (store.workspaceSwitch(PAUSE_ALL).isPresent()) {
                return;
            }
            store.setSwitch(PAUSE_ALL, new OutboxStore.Switch(PAUSE_ALL, clock.instant(), reason.strip(), actor.id()),
                    AuditEvent.of(AuditEventType.SENDING_PAUSED, actor).with("reason", reason.strip()).build());
        });
    }

    /** @return false when sending was not paused */
    public boolean resumeAll(Actor actor) {
        return unitOfWork.write(w -> {
            Optional<OutboxStore.Switch> on = store.workspaceSwitch(PAUSE_ALL);
            if (on.isEmpty()) {
                return false;
            }
            store.setSwitch(PAUSE_ALL, null, AuditEvent.of(AuditEventType.SENDING_RESUMED, actor)
                    .with("pausedFor", on.get().reason()).with("pausedBy", on.get().by())
                    .with("pausedSince", on.get().since().toString()).build());
            return true;
        });
    }

    // ---------------------------------------------------------------- forecast

    /**
     * What approving these drafts will do to each identity's budget, before anyone approves: how many
     * of its messages go today (after what it already used and what is already waiting), and on which
     * later sending days the rest will go. Per identity and kind of message (emails and LinkedIn
     * messages against the daily limit, connection requests against theirs).
     */
    public record Forecast(String identityId, String day, int usedToday, int capToday, int alreadyWaiting, int goToday,
                           java.util.SortedMap<String, Integer> later, String note) {
        /** "maria.email: 12 of 50 used today, 3 waiting; 30 go today, 5 on 2026-12-03". */
        public String describe() {
            StringBuilder b = new StringBuilder(identityId).append(": ");
            if (!note.isEmpty()) {
                return b.append(note).toString();
            }
            b.append(usedToday).append(" of ").append(capToday).append(" used today");
            if (alreadyWaiting > 0) {
                b.append(", ").append(alreadyWaiting).append(" already waiting");
            }
            b.append("; ").append(goToday).append(goToday == 1 ? " goes" : " go").append(" today");
            later.forEach((d, n) -> b.append(", ").append(n).append(" on ").append(d));
            return b.toString();
        }

        public int deferred() {
            return later.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public List<Forecast> forecast(java.util.Collection<QueuedDraft> toApprove) {
        java.util.Map<String, java.util.Map<String, Integer>> counts = new java.util.TreeMap<>();
        for (QueuedDraft q : toApprove) {
            counts.computeIfAbsent(q.draft().identityId(), k -> new java.util.TreeMap<>())
                    .merge(SendLimits.action(q.draft(), policy.get()), 1, Integer::sum);
        }
        Instant now = clock.instant();
        List<Forecast> out = new ArrayList<>();
        counts.forEach((id, byAction) -> {
            Optional<Identity> found = identities.find(id);
            int n = byAction.values().stream().mapToInt(Integer::intValue).sum();
            if (found.isEmpty()) {
                out.add(new Forecast(id, "", 0, 0, 0, 0, new java.util.TreeMap<>(), "unknown identity: " + n
                        + " would not be sent (add it with identities add)"));
                return;
            }
            Identity identity = found.get();
            if (identity.paused()) {
                out.add(new Forecast(id, "", 0, 0, 0, 0, new java.util.TreeMap<>(), "paused (" + identity.stateReason()
                        + "): " + n + " wait until it is resumed"));
                return;
            }
            byAction.forEach((action, count) -> out.add(forecastOne(identity, action, count, now)));
        });
        return out;
    }

    private Forecast forecastOne(Identity identity, String action, int count, Instant now) {
        String today = SendLimits.day(identity, now);
        java.time.LocalDate day = java.time.LocalDate.parse(today);
        int cap = capFor(identity, action, day);
        int used = store.used(identity.id(), action, today);
        int waiting = store.countScheduled(identity.id());
        boolean openToday = SendLimits.nextOpening(identity, now).atZone(identity.timezone()).toLocalDate().equals(day);
        int room = openToday ? Math.max(0, cap - used) : 0;
        int waitingToday = Math.min(waiting, room);
        room -= waitingToday;
        int carry = waiting - waitingToday;
        int goToday = Math.min(count, room);
        int rest = count - goToday;
        java.util.SortedMap<String, Integer> later = new java.util.TreeMap<>();
        Instant cursor = now;
        for (int guard = 0; rest > 0 && guard < 366; guard++) {
            Instant opening = SendLimits.nextDayOpening(identity, cursor);
            java.time.LocalDate d = opening.atZone(identity.timezone()).toLocalDate();
            int capacity = capFor(identity, action, d);
            int forCarry = Math.min(carry, capacity);
            carry -= forCarry;
            int forNew = Math.min(rest, capacity - forCarry);
            if (forNew > 0) {
                later.put(d.toString(), forNew);
            }
            rest -= forNew;
            cursor = opening;
        }
        String label = action.equals(SendLimits.LINKEDIN_CONNECTION) ? identity.id() + " (connection requests)" : identity.id();
        return new Forecast(label, today, used, cap, waiting, goToday, later, "");
    }

    private static int capFor(Identity identity, String action, java.time.LocalDate day) {
        int cap = SendLimits.capOn(identity, day);
        return action.equals(SendLimits.LINKEDIN_CONNECTION) ? Math.min(cap, identity.connections().perDay()) : cap;
    }

    // ---------------------------------------------------------------- reading

    public Optional<OutboxEntry> find(long id) {
        return store.find(id);
    }

    public List<OutboxEntry> list(OutboxState state, String identityId, int offset, int limit) {
        return store.list(state, identityId, offset, limit);
    }

    public java.util.Map<OutboxState, Integer> counts() {
        return store.counts();
    }

    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    public Optional<OutboxEntry> latestFor(String draftId) {
        return store.latestFor(draftId);
    }

    /** An identity's use today of its cap (its local day), for bars and {@code identities list}. */
    public record Usage(String day, int used, int cap) {
    }

    public Usage usageToday(Identity identity) {
        Instant now = clock.instant();
        String day = SendLimits.day(identity, now);
        return new Usage(day, store.used(identity.id(), SendLimits.action(identity.channel()), day),
                SendLimits.capOn(identity, java.time.LocalDate.parse(day)));
    }

    public int usedOn(Identity identity, String day) {
        return store.used(identity.id(), SendLimits.action(identity.channel()), day);
    }

    private OutboxEntry existing(long id) throws OutboxException {
        return store.find(id).orElseThrow(() -> new OutboxException("no outbox entry " + id + " (see 'countersign outbox')"));
    }

    static AuditEvent.Builder event(AuditEventType type, Actor actor, OutboxEntry e) {
        return AuditEvent.of(type, actor).with("draftId", e.draftId()).with("identityId", e.identityId())
                .with("channel", e.channel().wireName()).with("outboxId", e.id()).with("recipient", e.recipient())
                .with("messageId", e.messageId())
                .with("approvalSeq", e.approvalHash().isEmpty() ? null : e.approvalSeq())
                .with("approvalHash", e.approvalHash()).with("approvedBy", e.approvedBy())
                .with("state", e.state().wireName());
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String oneLine(String s, int max) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }
}
