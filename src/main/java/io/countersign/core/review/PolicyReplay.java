package io.countersign.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Re-evaluates stored drafts: "what would change under this new policy?" before activating it,
 * and "does the decision recorded for this draft reproduce under the exact policy that made it?".
 */
public final class PolicyReplay {

    /** A draft whose decision would change, with the old and new reasons. */
    public record Change(QueuedDraft draft, PolicyDecision before, PolicyDecision after) {
        /** Rules that fire only before, and only after. */
        public String ruleDelta() {
            TreeSet<String> was = rules(before);
            TreeSet<String> now = rules(after);
            TreeSet<String> gone = new TreeSet<>(was);
            gone.removeAll(now);
            TreeSet<String> added = new TreeSet<>(now);
            added.removeAll(was);
            return (added.isEmpty() ? "" : "+" + String.join(" +", added)) + (gone.isEmpty() || added.isEmpty() ? "" : " ")
                    + (gone.isEmpty() ? "" : "-" + String.join(" -", gone));
        }
    }

    /** One recorded decision replayed under the policy it names. */
    public record Check(AuditEntry entry, Decision recorded, Optional<PolicyDecision> replayed, String note) {
        public boolean reproduced() {
            return replayed.isPresent() && replayed.get().decision() == recorded && note.isEmpty();
        }
    }

    private final DraftStore drafts;
    private final AuditLog audit;
    private final io.countersign.core.policy.PolicyContext context;

    public PolicyReplay(DraftStore drafts, AuditLog audit) {
        this(drafts, audit, io.countersign.core.policy.PolicyContext.NONE);
    }

    public PolicyReplay(DraftStore drafts, AuditLog audit, io.countersign.core.policy.PolicyContext context) {
        this.drafts = drafts;
        this.audit = audit;
        this.context = context;
    }

    /**
     * Drafts created at or after {@code since} (all when null) whose decision or rules would
     * differ under {@code candidate}; pending drafts only unless {@code includeDecided}.
     */
    public List<Change> whatIf(Policy candidate, Instant since, boolean includeDecided) {
        List<Change> changes = new ArrayList<>();
        // Streamed page by page (pending drafts only unless asked): no workspace is loaded whole.
        DraftQuery query = includeDecided ? DraftQuery.ALL : DraftQuery.withStatus(ReviewStatus.PENDING);
        drafts.forEach(since == null ? query : query.since(since), q -> {
            PolicyDecision after = candidate.evaluate(new PolicyInput(q.draft(), q.subject(), q.body(), context));
            if (after.decision() != q.decision().decision() || !rules(after).equals(rules(q.decision()))) {
                changes.add(new Change(q, q.decision(), after));
            }
            return true;
        });
        return changes;
    }

    /**
     * Replays every decision recorded for a draft under the policy that made it, with the
     * do-not-contact list and contact history as they stood at that moment.
     *
     * @param policyByVersion finds a kept policy by its version string; empty when it is not kept
     */
    public List<Check> asDecided(String draftId, Function<String, Optional<Policy>> policyByVersion) {
        QueuedDraft q = drafts.find(draftId).orElseThrow(() -> new ReviewException("No draft with id " + draftId));
        List<Check> checks = new ArrayList<>();
        for (AuditEntry e : audit.forDraft(draftId)) {
            JsonNode j = e.json();
            if (!j.hasNonNull("decision") || !j.hasNonNull("policyVersion")) {
                continue;
            }
            Decision recorded = Decision.fromWireName(j.get("decision").asText());
            String version = j.get("policyVersion").asText();
            Optional<Policy> policy = policyByVersion.apply(version);
            if (policy.isEmpty()) {
                checks.add(new Check(e, recorded, Optional.empty(), "policy " + version + " is not kept in this workspace"));
                continue;
            }
            String body = j.hasNonNull("final") ? j.get("final").asText() : q.draft().content();
            String subject = j.hasNonNull("subject") ? j.get("subject").asText() : q.draft().subject();
            // The do-not-contact list and contact history as they stood when the decision was made.
            var then = new io.countersign.core.policy.PolicyContext(context.suppressions(), context.history(),
                    java.time.Clock.fixed(e.ts(), java.time.ZoneOffset.UTC), identitiesAt(e.seq()));
            PolicyDecision replayed = policy.get().evaluate(new PolicyInput(q.draft(), subject, body, then));
            String note = "";
            JsonNode findings = j.get("findings");
            if (findings != null && findings.isArray()) {
                TreeSet<String> recordedSpans = new TreeSet<>();
                findings.forEach(f -> recordedSpans.add(f.path("rule").asText() + "@" + f.path("field").asText() + ":"
                        + f.path("start").asInt() + "-" + f.path("end").asInt()));
                TreeSet<String> replayedSpans = new TreeSet<>();
                replayed.findings().forEach(f -> replayedSpans.add(f.ruleId() + "@" + f.field().wireName() + ":"
                        + f.start() + "-" + f.end()));
                if (!recordedSpans.equals(replayedSpans)) {
                    note = "findings differ: recorded " + recordedSpans + ", replayed " + replayedSpans;
                }
            }
            checks.add(new Check(e, recorded, Optional.of(replayed), note));
        }
        return checks;
    }

    private static TreeSet<String> rules(PolicyDecision d) {
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : d.findings()) {
            if (!f.observed()) {
                out.add(f.ruleId());
            }
        }
        return out;
    }

    /**
     * The identities as they stood just before audit entry {@code seq}: known only if added before
     * it, paused or active as their last pause or resume before it left them (read from the log).
     */
    private io.countersign.core.identity.IdentityDirectory identitiesAt(long seq) {
        var now = context.identities();
        java.util.Map<String, io.countersign.core.audit.AuditEntry> lastState = new java.util.HashMap<>();
        java.util.Set<String> added = new java.util.HashSet<>();
        for (var type : java.util.List.of(io.countersign.core.audit.AuditEventType.IDENTITY_ADDED,
                io.countersign.core.audit.AuditEventType.IDENTITY_PAUSED, io.countersign.core.audit.AuditEventType.IDENTITY_RESUMED)) {
            for (var entry : audit.ofType(type.wireName())) {
                if (entry.seq() >= seq) {
                    continue;
                }
                String id = entry.text("identityId");
                if (type == io.countersign.core.audit.AuditEventType.IDENTITY_ADDED) {
                    added.add(id);
                } else if (!lastState.containsKey(id) || lastState.get(id).seq() < entry.seq()) {
                    lastState.put(id, entry);
                }
            }
        }
        return new io.countersign.core.identity.IdentityDirectory() {
            @Override
            public java.util.Optional<io.countersign.core.identity.Identity> find(String id) {
                if (!added.contains(id)) {
                    return java.util.Optional.empty();
                }
                return now.find(id).map(i -> {
                    var last = lastState.get(id);
                    boolean paused = last != null
                            && last.type().equals(io.countersign.core.audit.AuditEventType.IDENTITY_PAUSED.wireName());
                    return i.withState(paused ? io.countersign.core.identity.Identity.State.PAUSED
                            : io.countersign.core.identity.Identity.State.ACTIVE, paused ? last.text("reason") : "",
                            last == null ? "" : last.actorId());
                });
            }

            @Override
            public boolean complete() {
                return now.complete();
            }
        };
    }
}
