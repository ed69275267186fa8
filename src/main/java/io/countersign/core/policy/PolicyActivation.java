package io.countersign.core.policy;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.events.Change;
import io.countersign.core.store.UnitOfWork;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Puts a policy in force: validates and archives it, records {@code policy.changed} with the old and
 * new version and who did it, and re-evaluates the pending drafts. An invalid file throws and leaves
 * the policy in force untouched. The console (file watcher, Settings → Try policy) and the CLI all
 * come through here.
 */
public final class PolicyActivation {

    /** What activating a policy did. */
    public record Activation(String previousVersion, String version, boolean changed, int decisionsChanged) {

        /** One line for a reviewer. */
        public String summary() {
            return changed ? "Policy " + version + " activated; " + decisionsChanged + " pending decision(s) changed." : "Policy unchanged (" + version + ").";
        }
    }

    private final PolicyHolder inForce;
    private final PolicyArchive archive;
    private final UnitOfWork unitOfWork;
    private final AuditLog audit;
    private final ToIntFunction<Actor> reevaluatePending;

    /**
     * @param reevaluatePending re-checks pending drafts under the policy now in force and says how
     *                          many decisions changed
     */
    public PolicyActivation(PolicyHolder inForce, PolicyArchive archive, UnitOfWork unitOfWork, AuditLog audit,
                            ToIntFunction<Actor> reevaluatePending) {
        this.inForce = Objects.requireNonNull(inForce);
        this.archive = Objects.requireNonNull(archive);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.audit = Objects.requireNonNull(audit);
        this.reevaluatePending = Objects.requireNonNull(reevaluatePending);
    }

    /** On open: records the policy in force if it differs from the last one the log knows of. */
    public synchronized Activation recordInForce(Actor actor) {
        String now = inForce.get().version();
        String before = audit.latest(AuditEventType.POLICY_CHANGED).map(e -> e.text("policyVersion")).orElse("");
        if (before.equals(now)) {
            return new Activation(before, now, false, 0);
        }
        record(before, now, actor, null);
        return new Activation(before, now, true, reevaluatePending.applyAsInt(actor));
    }

    /** Re-reads the workspace policy file and activates it if it differs from the policy in force. */
    public synchronized Activation reload(Actor actor) throws PolicyException {
        Policy candidate = archive.readCurrent();
        String before = inForce.get().version();
        if (candidate.version().equals(before)) {
            return new Activation(before, before, false, 0);
        }
        record(before, candidate.version(), actor, candidate);
        return new Activation(before, candidate.version(), true, reevaluatePending.applyAsInt(actor));
    }

    /** Makes {@code candidate} the workspace policy file (validated first) and activates it. */
    public synchronized Activation activateFile(Path candidate, Actor actor) throws PolicyException {
        archive.validate(candidate);
        archive.replaceCurrent(candidate);
        return reload(actor);
    }

    /**
     * Every policy the log says was in force, checked against its kept copy: the problems found
     * (a copy missing, or changed so it no longer hashes to its version), in log order.
     */
    public java.util.List<String> verifyArchive() {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (io.countersign.core.audit.AuditEntry e : audit.ofType(AuditEventType.POLICY_CHANGED.wireName())) {
            String v = e.text("policyVersion");
            if (!v.isEmpty()) {
                seen.add(v);
            }
        }
        java.util.List<String> problems = new java.util.ArrayList<>();
        seen.forEach(v -> archive.problem(v).ifPresent(problems::add));
        return problems;
    }

    public Optional<Policy> kept(String version) {
        return archive.kept(version);
    }

    /**
     * Records policy.changed and, in the same unit, puts {@code candidate} in force (when given): a
     * draft is never decided under a policy the log does not name, and listeners of the change see
     * the new policy. If the unit does not commit, the previous policy stays in force.
     */
    private void record(String before, String now, Actor actor, Policy candidate) {
        Policy previous = inForce.get();
        try {
            unitOfWork.writeAll(w -> write(w, before, now, actor, candidate));
        } catch (RuntimeException e) {
            inForce.set(previous);
            throw e;
        }
    }

    private void write(UnitOfWork.Writes w, String before, String now, Actor actor, Policy candidate) {
        w.audit(AuditEvent.of(AuditEventType.POLICY_CHANGED, actor)
                .with("action", "activate_policy").with("result", "active")
                .with("previousPolicyVersion", before)
                .with("policyVersion", now)
                .with("file", archive.fileName())
                .build());
        w.changed(new Change.PolicyActivated(before, now));
        if (candidate != null) {
            inForce.set(candidate);
        }
    }
}
