package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.review.QueuedDraft;
import java.util.List;
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
        List<QueuedDraft> drafts = app.drafts().all().stream().filter(q -> q.status() == status).toList();
        for (QueuedDraft q : drafts) {
            out().println(String.join("\t", q.id(), q.draft().channel().wireName(), q.draft().identityId(),
                    q.draft().lead().displayName(), nullToEmpty(q.draft().lead().company()),
                    q.decision().decision().wireName(), oneLine(q.decision().reason())));
        }
        err().println(drafts.size() + " " + status.wireName() + " draft(s); policy " + app.policy().version());
        return ExitCodes.OK;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
