package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.outbox.Sender;
import io.countersign.core.work.Progress;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Run the outbox now: schedule approved drafts (each resting on its approval entry in the audit log),",
                "send what is due under each identity's window, limits and gap, and exit when nothing more is due now.",
                "A message interrupted by a crash is never resent on a guess: it is listed as unknown (see 'outbox resolve')."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed (messages may wait for later: see the counts)",
                "1:a message failed or was refused at the gate, or its outcome is unknown", "2:the workspace cannot be opened"})
final class SendCommand extends WorkspaceCommand {

    @Option(names = "--watch", description = "Keep running: send each message when it becomes due (stop with Ctrl+C).")
    boolean watch;

    @Override
    protected Integer run(Countersign app) throws Exception {
        boolean problems = false;
        while (true) {
            Sender.Run run = app.sender().runDue(Progress.NONE);
            problems |= run.failed() > 0 || run.unknown() > 0 || !run.refused().isEmpty();
            print(app, run);
            if (!watch) {
                return problems ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
            }
            Instant next = app.outbox().nextDue().orElse(Instant.MAX);
            long wait = Math.max(1_000, Math.min(60_000, Duration.between(app.clock().instant(), next).toMillis()));
            Thread.sleep(next == Instant.MAX ? 60_000 : wait);
        }
    }

    private void print(Countersign app, Sender.Run run) {
        if (run.recovered() > 0) {
            err().println("found " + run.recovered() + " message" + (run.recovered() == 1 ? "" : "s")
                    + " interrupted by an earlier stop (see 'countersign outbox --state unknown')");
        }
        for (String r : run.refused()) {
            err().println("refused: " + Listing.oneLine(r));
        }
        if (run.autoApproved() > 0) {
            out().println("auto-approved " + run.autoApproved() + " by auto-send rules (see 'countersign autosend list')");
        }
        out().println("scheduled " + run.scheduled() + ", sent " + run.sent() + ", failed " + run.failed()
                + ", retrying " + run.retrying() + ", unknown " + run.unknown() + "; waiting " + run.waiting()
                + app.outbox().nextDue().map(t -> " (next due " + t + ")").orElse(""));
        for (String alert : run.alerts()) {
            err().println("ALERT: " + Listing.oneLine(alert));
        }
        if (run.pausedAll() != null) {
            err().println("sending is paused for the whole workspace: " + Listing.oneLine(run.pausedAll())
                    + " ('countersign sending resume-all' to resume)");
        }
        out().flush();
    }
}
