package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.outbox.OutboxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sending", mixinStandardHelpOptions = true,
        description = "The workspace-wide sending switch: while paused, nothing is sent by any identity (audited).",
        subcommands = {SendingCommand.PauseAll.class, SendingCommand.ResumeAll.class})
final class SendingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "pause-all", mixinStandardHelpOptions = true, description = "Pause all sending, with the reason.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:paused (or already paused)", "2:no reason"})
    static final class PauseAll extends WorkspaceCommand {
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        PauseAll() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                app.outbox().pauseAll(OutboxCommand.actor(app, reviewer), reason);
                var on = app.outbox().pausedAll().orElseThrow();
                out().println("sending paused since " + on.since() + " by " + on.by() + ": " + Listing.oneLine(on.reason()));
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign sending pause-all: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "resume-all", mixinStandardHelpOptions = true, description = "Resume sending.")
    static final class ResumeAll extends WorkspaceCommand {
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        ResumeAll() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            out().println(app.outbox().resumeAll(OutboxCommand.actor(app, reviewer)) ? "sending resumed" : "sending was not paused");
            return ExitCodes.OK;
        }
    }
}
