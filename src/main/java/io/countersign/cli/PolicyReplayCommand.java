package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.loading.PolicyLoader;
import io.countersign.core.review.PolicyReplay;
import io.countersign.core.review.ReviewException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"What-if: re-evaluate stored drafts under a new policy and print the decisions that would change,",
                "or replay the decisions recorded for one draft under the exact policies that made them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (what-if), or every recorded decision reproduced (--as-decided)",
                "1:a recorded decision did not reproduce", "2:bad input, invalid policy or unknown draft"})
final class PolicyReplayCommand extends WorkspaceCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--policy", paramLabel = "NEW.yaml", description = "Candidate policy to compare with the decisions in force.")
        Path candidate;

        @Option(names = "--as-decided", paramLabel = "DRAFT_ID", description = "Replay each recorded decision of this draft under its own policy.")
        String draftId;
    }

    @Option(names = "--since", paramLabel = "DATE", description = "Only drafts created on or after this date (YYYY-MM-DD, UTC) or instant.")
    String since;

    @Option(names = "--all", description = "Include approved and rejected drafts (default: pending only).")
    boolean all;

    @Override
    protected Integer run(Countersign app) {
        PolicyReplay replay = app.replay();
        if (mode.draftId != null) {
            return asDecided(app, replay);
        }
        Policy candidate;
        try {
            candidate = PolicyLoader.load(mode.candidate);
        } catch (PolicyException e) {
            err().println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Instant from;
        try {
            from = since == null ? null : since.contains("T") ? Instant.parse(since)
                    : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            err().println("countersign policy replay: --since '" + since + "' is not a date like 2026-11-25");
            return ExitCodes.BAD_INPUT;
        }
        List<PolicyReplay.Change> changes = replay.whatIf(candidate, from, all);
        for (PolicyReplay.Change c : changes) {
            out().println(Listing.escape(c.draft().id()) + "\t" + c.before().decision().wireName() + " -> "
                    + c.after().decision().wireName() + "\t" + Listing.escape(c.ruleDelta()) + "\t"
                    + (c.after().reasons().isEmpty() ? "" : Listing.escape(c.after().reason())));
        }
        out().println(changes.size() + " draft(s) would change from policy " + app.policy().version() + " to " + candidate.version());
        return ExitCodes.OK;
    }

    private Integer asDecided(Countersign app, PolicyReplay replay) {
        List<PolicyReplay.Check> checks;
        try {
            checks = replay.asDecided(mode.draftId, app.policies()::kept);
        } catch (ReviewException e) {
            err().println("countersign policy replay: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        boolean allReproduced = true;
        for (PolicyReplay.Check c : checks) {
            allReproduced &= c.reproduced();
            out().println("#" + c.entry().seq() + " " + c.entry().type() + ": recorded " + c.recorded().wireName()
                    + c.replayed().map(r -> ", replayed " + r.decision().wireName()).orElse("")
                    + (c.reproduced() ? " — reproduced" : " — NOT reproduced" + (c.note().isEmpty() ? "" : ": " + c.note())));
        }
        out().println(checks.size() + " recorded decision(s) checked");
        return allReproduced ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
