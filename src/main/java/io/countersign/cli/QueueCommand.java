package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"List drafts waiting for review with their policy decision.",
                "Columns: id, channel, identity, lead, company, decision, reasons (tab-separated, or --format jsonl)."})
final class QueueCommand extends WorkspaceCommand {
    QueueCommand() {
        super(Access.READ_ONLY);
    }



    @Option(names = "--status", defaultValue = "PENDING",
            description = "pending, approved or rejected (default: ${DEFAULT-VALUE}).")
    ReviewStatus status;

    @picocli.CommandLine.Mixin
    Listing.Options output;

    @Override
    protected Integer run(Countersign app) {
        // Streams page by page: a 100,000-draft workspace prints in constant memory.
        long[] n = {0};
        java.io.PrintWriter out = out();
        Listing listing = new Listing(out, output.format,
                java.util.List.of("id", "channel", "identity", "lead", "company", "decision", "reasons"));
        app.drafts().forEach(io.countersign.core.review.DraftQuery.withStatus(status), q -> {
            listing.row(q.id(), q.draft().channel().wireName(), q.draft().identityId(),
                    q.draft().lead().displayName(), nullToEmpty(q.draft().lead().company()),
                    q.decision().decision().wireName(), q.decision().reason());
            n[0]++;
            return true;
        });
        out.flush();
        err().println(n[0] + " " + status.wireName() + " draft(s); " + (app.policyAvailable()
                ? "policy " + app.policy().version() : "the policy file is invalid, so decisions shown are as stored"));
        return ExitCodes.OK;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
