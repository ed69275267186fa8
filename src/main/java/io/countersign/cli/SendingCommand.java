package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.outbox.OutboxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sending", mixinStandardHelpOptions = true,
        description = "The workspace-wide sending switch: while paused, nothing is sent by any identity (audited).",
        subcommands = {SendingCommand.PauseAll.class, SendingCommand.ResumeAll.class, SendingCommand.Settings.class,
                SendingCommand.OwnerBudget.class})
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

    @Command(name = "settings", mixinStandardHelpOptions = true,
            description = {"Show or change the workspace's sending settings: the undo window after an approval (default 10 s)",
                    "and the cap on messages a day to one company's people across all identities (default 0: none)."})
    static final class Settings extends WorkspaceCommand {
        @Option(names = "--undo-seconds", paramLabel = "N", description = "0–3600.") Integer undo;
        @Option(names = "--company-daily-cap", paramLabel = "N", description = "0 (no cap) or more.") Integer companyCap;

        Settings() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            var profile = app.profile();
            if (undo != null && (undo < 0 || undo > 3600)) {
                err().println("countersign sending settings: --undo-seconds: " + undo + " is not between 0 and 3600");
                return ExitCodes.BAD_INPUT;
            }
            if (companyCap != null && companyCap < 0) {
                err().println("countersign sending settings: --company-daily-cap: must not be negative");
                return ExitCodes.BAD_INPUT;
            }
            if (undo != null || companyCap != null) {
                profile.setSending(undo == null ? profile.undoWindow() : java.time.Duration.ofSeconds(undo),
                        companyCap == null ? profile.companyDailyCap() : companyCap);
            }
            out().println("undo window " + profile.undoWindow().toSeconds() + " s; company daily cap "
                    + (profile.companyDailyCap() == 0 ? "none" : String.valueOf(profile.companyDailyCap())));
            return ExitCodes.OK;
        }
    }

    @Command(name = "owner-budget", mixinStandardHelpOptions = true,
            description = {"A shared daily budget across all of an owner's identities (a rep's mailbox and LinkedIn account",
                    "share one total; each identity's own local day). --daily 0 removes it. Audited."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:set", "2:bad arguments"})
    static final class OwnerBudget extends WorkspaceCommand {
        @picocli.CommandLine.Parameters(paramLabel = "OWNER") String owner;
        @Option(names = "--daily", required = true, paramLabel = "N") int daily;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        OwnerBudget() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                app.outbox().setOwnerBudget(owner, daily, OutboxCommand.actor(app, reviewer));
                out().println(daily == 0 ? "removed the shared budget of " + Listing.oneLine(owner)
                        : Listing.oneLine(owner) + ": at most " + daily + " a day across their identities");
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign sending owner-budget: " + Listing.oneLine(e.getMessage()));
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
