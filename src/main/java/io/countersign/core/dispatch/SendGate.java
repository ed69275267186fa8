package io.countersign.core.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditHashes;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.review.QueuedDraft;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Default-deny for sending (the blueprint's send_message action): a message may leave only when a
 * named human approved it (or an audited auto-send rule did) and its text carries no blocking
 * finding. The approval is read from the audit log, never from the draft's status column: a row
 * set to {@code APPROVED} with plain SQL has no approval entry, so nothing is sent for it.
 */
public final class SendGate {

    /** Events after which an earlier approval no longer stands. */
    private static final Set<String> DECISIONS = Set.of(AuditEventType.DRAFT_APPROVED.wireName(),
            AuditEventType.DRAFT_REJECTED.wireName(), AuditEventType.DRAFT_EDITED.wireName(),
            AuditEventType.SEND_CANCELLED.wireName());

    private SendGate() {
    }

    /** What the gate found in the log for a draft. */
    public sealed interface Approval {
    }

    /**
     * The approval entry a message rests on, checked: its line is the one stored (its chain hash
     * follows from the entry before it), its columns say what its line says, and no later
     * decision withdrew it. The text to send is the text that was approved.
     */
    public record Verified(long seq, String chainHashHex, String actorKind, String approvedBy, String autosendRule,
                           String identityId, String subject, String body, List<String> acknowledgedRules,
                           java.time.Instant approvedAt, String recipient)
            implements Approval {
    }

    public record Refused(String reason) implements Approval {
    }

    public static Approval approvalOf(String draftId, AuditLog log) {
        return approvalsOf(List.of(draftId), log).get(draftId);
    }

    /** {@link #approvalOf} for a batch of drafts, reading the log once for all of them. */
    public static java.util.Map<String, Approval> approvalsOf(java.util.Collection<String> draftIds, AuditLog log) {
        java.util.Map<String, List<AuditEntry>> trails = log.forDrafts(draftIds, DECISIONS);
        java.util.Map<String, AuditEntry> lastDecision = new java.util.HashMap<>();
        java.util.Set<Long> before = new java.util.HashSet<>();
        for (String id : draftIds) {
            AuditEntry last = lastDecision(trails.getOrDefault(id, List.of()));
            if (last != null) {
                lastDecision.put(id, last);
                if (last.seq() > 0) {
                    before.add(last.seq() - 1);
                }
            }
        }
        java.util.Map<Long, byte[]> previous = log.chainHashes(before);
        long signed = log.signedSize();
        io.countersign.core.audit.DecisionSignatures.Keyring reviewers = keyring(log, signed);
        java.util.Map<String, Approval> out = new java.util.HashMap<>();
        for (String id : draftIds) {
            out.put(id, judge(id, trails.getOrDefault(id, List.of()), lastDecision.get(id), previous, reviewers, signed));
        }
        return out;
    }

    private static AuditEntry lastDecision(List<AuditEntry> entries) {
        AuditEntry last = null;
        for (AuditEntry e : entries) {
            if (DECISIONS.contains(e.type())) {
                last = e;
            }
        }
        return last;
    }

    private record CachedKeyring(AuditLog log, long lastKeySeq, long lastMarkerSeq,
                                 io.countersign.core.audit.DecisionSignatures.Keyring keyring) {
    }

    private static volatile CachedKeyring cached;

    /**
     * The reviewers' keys the log registered (each proof checked once) and where signing began;
     * read again only when the log gained a key entry since (two index look-ups per call otherwise).
     */
    private static io.countersign.core.audit.DecisionSignatures.Keyring keyring(AuditLog log, long signed) {
        long lastKey = log.latest(AuditEventType.REVIEWER_KEY_ADDED).map(AuditEntry::seq).orElse(-1L);
        long lastMarker = log.latest(AuditEventType.DECISIONS_SIGNED).map(AuditEntry::seq).orElse(-1L);
        CachedKeyring c = cached;
        if (c != null && c.log() == log && c.lastKeySeq() == lastKey && c.lastMarkerSeq() == lastMarker) {
            return c.keyring();
        }
        io.countersign.core.audit.DecisionSignatures.Keyring k = new io.countersign.core.audit.DecisionSignatures.Keyring();
        List<AuditEntry> entries = new ArrayList<>(lastMarker < 0 ? List.of() : log.ofType(AuditEventType.DECISIONS_SIGNED.wireName()));
        entries.addAll(lastKey < 0 ? List.of() : log.ofType(AuditEventType.REVIEWER_KEY_ADDED.wireName()));
        entries.sort(java.util.Comparator.comparingLong(AuditEntry::seq));
        for (AuditEntry e : entries) {
            if (e.seq() < signed) { // a key row slipped in beyond the signed checkpoints is no key
                k.accept(e.seq(), e.json()); // one whose proof fails is simply not registered
            }
        }
        if (Math.max(lastKey, lastMarker) < signed) {
            cached = new CachedKeyring(log, lastKey, lastMarker, k);
        }
        return k;
    }

    private static Approval judge(String draftId, List<AuditEntry> entries, AuditEntry last, java.util.Map<Long, byte[]> previous,
                                  io.countersign.core.audit.DecisionSignatures.Keyring reviewers, long signed) {
        if (last == null) {
            return new Refused("the audit log has no approval for draft " + draftId
                    + " (whatever its status column says, nobody approved it through Countersign)");
        }
        if (!last.type().equals(AuditEventType.DRAFT_APPROVED.wireName())) {
            return new Refused("the latest decision on draft " + draftId + " in the audit log is " + last.type()
                    + " (entry " + last.seq() + "), not an approval");
        }
        String linkProblem = linkProblem(last, previous);
        if (linkProblem != null) {
            return new Refused("approval entry " + last.seq() + " of draft " + draftId + " does not verify: " + linkProblem);
        }
        JsonNode line;
        try {
            line = last.json();
        } catch (RuntimeException e) {
            return new Refused("approval entry " + last.seq() + " is not JSON");
        }
        String kind = line.path("actor").path("kind").asText();
        String by = line.path("actor").path("id").asText();
        if (!line.path("type").asText().equals(last.type()) || !line.path("draftId").asText().equals(draftId)
                || !kind.equals(last.actorKind()) || !by.equals(last.actorId())) {
            return new Refused("approval entry " + last.seq() + " says something other than its columns (type, draft, actor)");
        }
        String rule = line.path("autosendRule").asText("");
        if (!kind.equals("human") && !(kind.equals("system") && !rule.isEmpty())) {
            return new Refused("approval entry " + last.seq() + " was not made by a named human or an auto-send rule");
        }
        if (last.seq() >= signed) {
            // Every batch the app writes is covered by a checkpoint signed in the same transaction; rows
            // beyond the newest one that verifies were put there some other way.
            return new Refused("approval entry " + last.seq() + " is not covered by a signed checkpoint of the log (the newest "
                    + "that verifies covers " + signed + " entries): it was not written by Countersign");
        }
        if (kind.equals("human")) {
            // Only an approval the reviewer's own key signed can send: a row forged with a recomputed chain has no such signature.
            String unsigned = reviewers.problem(line, last.seq());
            if (unsigned != null) {
                return new Refused("approval entry " + last.seq() + ": " + unsigned
                        + (line.has("signature") ? "" : "; approve it again to send it"));
            }
        }
        List<String> acknowledged = new ArrayList<>();
        line.path("acknowledged").forEach(f -> acknowledged.add(f.path("rule").asText()));
        return new Verified(last.seq(), HexFormat.of().formatHex(last.chainHash()), kind, by, rule,
                line.path("identityId").asText(""), line.path("subject").asText(""), line.path("final").asText(""),
                List.copyOf(acknowledged), last.ts(), line.path("recipient").asText(""));
    }

    /** Why an entry's stored chain hash does not follow from its predecessor and its line, or null. */
    private static String linkProblem(AuditEntry e, java.util.Map<Long, byte[]> previousHashes) {
        byte[] previous = AuditHashes.GENESIS;
        if (e.seq() > 0) {
            previous = previousHashes.get(e.seq() - 1);
            if (previous == null) {
                return "entry " + (e.seq() - 1) + " before it is missing";
            }
        }
        byte[] expected = AuditHashes.chain(previous, AuditHashes.leafHash(e.line()));
        return java.security.MessageDigest.isEqual(expected, e.chainHash()) ? null
                : "its chain hash does not follow from its line and the entry before it (the row was changed)";
    }

    /** The queue's view: what the gate would say from the stored decision alone (for display, never for sending). */
    public static PolicyDecision evaluateSend(QueuedDraft q) {
        String version = q.decision().policyVersion();
        if (q.decision().isBlocked()) {
            return new PolicyDecision(Decision.BLOCK, q.decision().reasons(), q.decision().findings(), version);
        }
        if (q.status() == ReviewStatus.APPROVED && !q.decidedBy().isBlank()) {
            return new PolicyDecision(Decision.ALLOW, List.of(), q.decision().findings(), version);
        }
        String why = q.status() == ReviewStatus.REJECTED
                ? "Rejected by " + q.decidedBy() + ": " + q.rejectReason()
                : "Sending requires approval by a named human";
        return new PolicyDecision(q.status() == ReviewStatus.REJECTED ? Decision.BLOCK : Decision.REQUIRE_APPROVAL,
                List.of(why), q.decision().findings(), version);
    }
}
