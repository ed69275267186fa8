package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"List drafts waiting for review with their policy decision.",
                "Columns (tab-separated): id, channel, identity, lead, company, decision, reasons."})
final class QueueCommand extends WorkspaceCommand {

    @Option(names = "--status", defaultValue = "PENDING",
            description = "pending, approved or rejected (default: ${DEFAULT-VALUE}).")
    ReviewStatus status;

    @Override
    protected Integer run(Countersign app) {
        // Streams page by page: a 100,000-draft workspace prints in constant memory.
        long[] n = {0};
        java.io.PrintWriter out = out();
        app.drafts().forEach(io.countersign.core.review.DraftQuery.withStatus(status), q -> {
            out.println(String.join("\t", q.id(), q.draft().channel().wireName(), q.draft().identityId(),
                    q.draft().lead().displayName(), nullToEmpty(q.draft().lead().company()),
                    q.decision().decision().wireName(), oneLine(q.decision().reason())));
            n[0]++;
            return true;
        });
        out.flush();
        err().println(n[0] + " " + status.wireName() + " draft(s); policy " + app.policy().version());
        return ExitCodes.OK;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
