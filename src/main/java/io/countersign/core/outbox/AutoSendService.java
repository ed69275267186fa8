package io.countersign.core.outbox;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.identity.IdentityDirectory;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.DraftQuery;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.ReviewService;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Auto-send, only after trust: off until someone adds a rule. A rule names a campaign, template or
 * persona (optionally one identity); pending drafts it matches whose decision is allow under the
 * policy in force are approved by Countersign with the rule named, and then sent like any other.
 * Anything the policy flags still waits for a human.
 */
public final class AutoSendService {

    private final OutboxStore store;
    private final DraftStore drafts;
    private final ReviewService review;
    private final IdentityDirectory identities;
    private final io.countersign.core.audit.AuditLog audit;
    private final Clock clock;
    /** Where the last sweep began in the log, and under which rules; -1 before the first. */
    private long sweptFrom = -1;
    private List<AutoSendRule> sweptUnder = List.of();

    public AutoSendService(OutboxStore store, DraftStore drafts, ReviewService review, IdentityDirectory identities,
                           io.countersign.core.audit.AuditLog audit, Clock clock) {
        this.audit = Objects.requireNonNull(audit);
        this.store = Objects.requireNonNull(store);
        this.drafts = Objects.requireNonNull(drafts);
        this.review = Objects.requireNonNull(review);
        this.identities = Objects.requireNonNull(identities);
        this.clock = Objects.requireNonNull(clock);
    }

    public List<AutoSendRule> rules() {
        return store.autoSendRules();
    }

    public AutoSendRule add(AutoSendRule.Kind kind, String value, String identityId, Actor actor) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 500 || v.chars().anyMatch(Character::isISOControl)) {
            throw new OutboxException("--" + kind.wireName() + ": name the " + kind.wireName() + " (1–500 characters, one line)");
        }
        if (identityId != null && identities.find(identityId.strip()).isEmpty()) {
            throw new OutboxException("--identity: no identity '" + identityId.strip() + "' (see 'countersign identities list')");
        }
        for (AutoSendRule r : store.autoSendRules()) {
            if (r.kind() == kind && r.value().equals(v) && Objects.equals(r.identityId(), identityId == null ? null : identityId.strip())) {
                throw new OutboxException("rule " + r.id() + " already auto-sends " + r.describe());
            }
        }
        AutoSendRule rule = new AutoSendRule("as-" + Long.toString(clock.millis(), 36) + "-" + Integer.toString(
                (int) (System.nanoTime() & 0xfff), 36), kind, v, identityId == null ? null : identityId.strip(), actor.id(),
                clock.instant());
        store.insertRule(rule, AuditEvent.of(AuditEventType.AUTOSEND_RULE_ADDED, actor).with("ruleId", rule.id())
                .with("kind", kind.wireName()).with("value", v).with("identityId", rule.identityId()).build());
        return rule;
    }

    public void remove(String id, Actor actor) {
        AutoSendRule rule = store.autoSendRules().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new OutboxException("no auto-send rule " + id + " (see 'countersign autosend list')"));
        store.deleteRule(id, AuditEvent.of(AuditEventType.AUTOSEND_RULE_REMOVED, actor).with("ruleId", id)
                .with("kind", rule.kind().wireName()).with("value", rule.value()).with("identityId", rule.identityId())
                .with("addedBy", rule.addedBy()).build());
    }

    /**
     * Approves the pending drafts the rules match and the policy allows outright (re-checked under
     * the policy in force, one at a time). Costs nothing while there are no rules. The first run in a
     * process, and any run after the rules changed, looks at every pending draft; later runs only at
     * the drafts the audit log names since the last run began (imported, edited, re-evaluated under
     * a new policy, put back in the queue), since nothing else can make a draft match. Called by one
     * sender run at a time.
     *
     * @return how many were approved
     */
    public int approveMatching() {
        List<AutoSendRule> rules = store.autoSendRules();
        if (rules.isEmpty()) {
            sweptFrom = -1;
            return 0;
        }
        long mark = audit.size();
        int[] approved = {0};
        if (sweptFrom < 0 || !rules.equals(sweptUnder)) {
            drafts.forEach(DraftQuery.withStatus(ReviewStatus.PENDING), q -> {
                approved[0] += approveIfMatching(q, rules);
                return true;
            });
        } else {
            java.util.Set<String> seen = new java.util.HashSet<>();
            List<String> chunk = new java.util.ArrayList<>();
            audit.forEachDraftSince(sweptFrom, id -> {
                if (seen.add(id)) {
                    chunk.add(id);
                    if (chunk.size() == 200) {
                        approved[0] += approveMatching(chunk, rules);
                        chunk.clear();
                    }
                }
            });
            approved[0] += approveMatching(chunk, rules);
        }
        sweptFrom = mark;
        sweptUnder = rules;
        return approved[0];
    }

    private int approveMatching(List<String> ids, List<AutoSendRule> rules) {
        int n = 0;
        for (io.countersign.core.review.QueuedDraft q : drafts.findAll(ids)) {
            if (q.status() == ReviewStatus.PENDING) {
                n += approveIfMatching(q, rules);
            }
        }
        return n;
    }

    private int approveIfMatching(io.countersign.core.review.QueuedDraft q, List<AutoSendRule> rules) {
        if (q.decision().decision() != Decision.ALLOW) {
            return 0;
        }
        for (AutoSendRule r : rules) {
            if (r.matches(q.draft())) {
                return review.autoApprove(q.id(), r.id() + ": " + r.describe()).isPresent() ? 1 : 0;
            }
        }
        return 0;
    }
}
