package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.OutboxException;
import io.countersign.core.outbox.OutboxState;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"List the outbox (newest first): each approved message, its state, when it may go and why it waits,",
                "the approval entry it rests on, and the last error. States: scheduled, sending, sent, failed, cancelled, unknown."},
        subcommands = {OutboxCommand.Cancel.class, OutboxCommand.Resolve.class, OutboxCommand.Retry.class})
final class OutboxCommand extends WorkspaceCommand {

    @Option(names = "--state", paramLabel = "STATE", description = "Only this state.") String state;
    @Option(names = "--identity", paramLabel = "ID", description = "Only this identity's messages.") String identity;
    @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default 1000).") int limit;
    @Mixin Listing.Options output;

    OutboxCommand() {
        super(Access.READ_ONLY);
    }

    @Override
    protected Integer run(Countersign app) {
        OutboxState s = null;
        if (state != null) {
            s = OutboxState.fromWireName(state).orElse(null);
            if (s == null) {
                err().println("countersign outbox: --state: unknown state '" + Listing.oneLine(state)
                        + "' (scheduled, sending, sent, failed, cancelled, unknown)");
                return ExitCodes.BAD_INPUT;
            }
        }
        Listing listing = new Listing(out(), output.format, List.of("id", "state", "draftId", "identityId", "recipient",
                "notBefore", "sentAt", "attempts", "approvalSeq", "approvedBy", "waitReason", "lastError"));
        for (OutboxEntry e : app.outbox().list(s, identity, 0, Math.max(1, limit))) {
            listing.row(String.valueOf(e.id()), e.state().wireName(), e.draftId(), e.identityId(), e.recipient(),
                    e.state() == OutboxState.SCHEDULED ? e.notBefore().toString() : "",
                    e.sentAt() == null ? "" : e.sentAt().toString(), String.valueOf(e.attempts()),
                    e.approvalHash().isEmpty() ? "" : String.valueOf(e.approvalSeq()), e.approvedBy(), e.waitReason(),
                    e.lastError());
        }
        return ExitCodes.OK;
    }

    static Actor actor(Countersign app, String by) {
        return Actor.human(ReviewCommand.reviewer(app, by));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Withdraw the approval of a message not sent yet: the entry is cancelled and the draft is pending again (audited).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:cancelled", "2:no such entry, or already sent or being sent"})
    static final class Cancel extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--reason", description = "Why (recorded).") String reason;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        @Override
        protected Integer run(Countersign app) {
            try {
                OutboxEntry e = app.outbox().cancel(id, actor(app, reviewer), reason);
                out().println("cancelled " + e.id() + ": draft " + e.draftId() + " is pending again");
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign outbox cancel: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Say whether a message of unknown outcome went out (look in the sent folder or ask the recipient).",
                    "--not-sent schedules it again."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:resolved", "2:no such entry, or not unknown"})
    static final class Resolve extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") long id;

        static final class Outcome {
            @Option(names = "--sent", required = true) boolean sent;
            @Option(names = "--not-sent", required = true) boolean notSent;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Outcome outcome;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        @Override
        protected Integer run(Countersign app) {
            try {
                OutboxEntry e = app.outbox().resolve(id, outcome.sent, actor(app, reviewer));
                out().println("resolved " + e.id() + ": " + (outcome.sent ? "sent" : "not sent, scheduled again"));
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign outbox resolve: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Schedule a failed message again (audited).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:scheduled again", "2:no such entry, or not failed"})
    static final class Retry extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        @Override
        protected Integer run(Countersign app) {
            try {
                OutboxEntry e = app.outbox().retry(id, actor(app, reviewer));
                out().println("scheduled " + e.id() + " again");
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign outbox retry: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }
}
