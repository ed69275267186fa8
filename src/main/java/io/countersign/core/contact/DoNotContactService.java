package io.countersign.core.contact;

import io.countersign.core.audit.Actor;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The do-not-contact list as people change it: entries are added in someone's name (audited) and
 * every pending draft is re-checked at once, so an objection blocks its drafts before anyone can
 * approve them. The console's Settings, {@code suppress} and {@code replies} all come through here.
 */
public final class DoNotContactService {

    /** What adding entries did. */
    public record Added(int added, int alreadyListed, int decisionsChanged) {

        /** "1 added, 0 already listed". */
        public String summary() {
            return added + " added, " + alreadyListed + " already listed";
        }

        /** "pending drafts re-checked: 2 decisions changed", or empty when nothing was added. */
        public String recheckSummary() {
            return added == 0 ? "" : "pending drafts re-checked: " + decisionsChanged + " decision"
                    + (decisionsChanged == 1 ? "" : "s") + " changed";
        }
    }

    private final SuppressionList list;
    private final ToIntFunction<Actor> recheckAllPending;

    /** @param recheckAllPending re-checks every pending draft and says how many decisions changed */
    public DoNotContactService(SuppressionList list, ToIntFunction<Actor> recheckAllPending) {
        this.list = Objects.requireNonNull(list);
        this.recheckAllPending = Objects.requireNonNull(recheckAllPending);
    }

    public Added add(List<Suppression> entries, Actor actor) {
        int added = entries.isEmpty() ? 0 : list.add(entries, actor);
        int changed = added > 0 ? recheckAllPending.applyAsInt(actor) : 0;
        return new Added(added, entries.size() - added, changed);
    }

    /**
     * Withdraws an entry added by mistake, in someone's name and with a reason (both required), and
     * re-checks pending drafts: those it blocked are decided afresh.
     *
     * @return how many pending decisions changed, or -1 when no such entry is in force
     */
    public int withdraw(Suppression.Kind kind, String value, String reason, Actor actor, java.time.Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("withdrawing a do-not-contact entry needs a reason");
        }
        if (!list.withdraw(kind, kind.normalize(value), reason.strip(), actor, at)) {
            return -1;
        }
        return recheckAllPending.applyAsInt(actor);
    }

    public List<Suppression> entries() {
        return list.all();
    }

    /**
     * The list is a projection of the log: replaying every {@code suppression.added} and
     * {@code suppression.withdrawn} entry must give exactly the entries the list holds. Returns
     * each difference (an entry deleted from the list, or one on it the log never recorded).
     */
    public List<String> verifyAgainst(io.countersign.core.audit.AuditLog log) {
        java.util.Map<String, Long> fromLog = new java.util.LinkedHashMap<>();
        String added = io.countersign.core.audit.AuditEventType.SUPPRESSION_ADDED.wireName();
        String withdrawn = io.countersign.core.audit.AuditEventType.SUPPRESSION_WITHDRAWN.wireName();
        java.util.List<io.countersign.core.audit.AuditEntry> events = new java.util.ArrayList<>(log.ofType(added));
        events.addAll(log.ofType(withdrawn));
        events.sort(java.util.Comparator.comparingLong(io.countersign.core.audit.AuditEntry::seq));
        for (io.countersign.core.audit.AuditEntry e : events) {
            String key = e.text("kind") + ":" + e.text("value");
            if (e.type().equals(added)) {
                fromLog.put(key, e.seq());
            } else {
                fromLog.remove(key);
            }
        }
        java.util.Set<String> onList = new java.util.LinkedHashSet<>();
        list.all().forEach(s -> onList.add(s.kind().wireName() + ":" + s.value()));
        List<String> problems = new java.util.ArrayList<>();
        fromLog.forEach((key, seq) -> {
            if (!onList.contains(key)) {
                problems.add("the do-not-contact entry " + key + " (added in entry " + seq + ") is missing from the list");
            }
        });
        // After an acknowledged cut an entry may have been added in the lost part of the log: not a difference then.
        boolean cut = log.ofType(io.countersign.core.audit.AuditEventType.AUDIT_ACKNOWLEDGED.wireName()).stream()
                .anyMatch(e -> e.text("row").isEmpty() && e.text("finding").contains("missing:"));
        onList.stream().filter(k -> !cut && !fromLog.containsKey(k)).forEach(k ->
                problems.add("the do-not-contact entry " + k + " is on the list, but the log does not record it as added"));
        return problems;
    }
}
