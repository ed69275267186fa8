package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.identity.Identity;
import io.countersign.core.outbox.ResultsService;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = "What came back after sending: bounces and replies from each email identity's mailbox.",
        subcommands = {ResultsCommand.Fetch.class})
final class ResultsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Reads each email identity's mailbox (identities add --imap; read-only, nothing is marked or moved)",
                    "for the last N days: delivery status notifications (RFC 3464) and replies are matched to the sent",
                    "message by its Message-ID and recorded (message.bounced, message.replied); a hard bounce puts the",
                    "address on the do-not-contact list, a reply that objects its sender. Already-seen messages are skipped.",
                    "The console does this every 5 minutes while it is open."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every mailbox was read", "2:a mailbox could not be read (named)"})
    static final class Fetch extends WorkspaceCommand {
        @Option(names = "--identity", paramLabel = "ID", description = "Only this identity's mailbox.") String identity;
        @Option(names = "--days", defaultValue = "7", description = "How far back (default 7).") int days;

        @Override
        protected Integer run(Countersign app) {
            List<Identity> ids = app.identities().all().stream().filter(i -> identity == null || i.id().equals(identity)).toList();
            if (identity != null && ids.isEmpty()) {
                err().println("countersign results fetch: --identity: no identity '" + Listing.oneLine(identity) + "'");
                return ExitCodes.BAD_INPUT;
            }
            ResultsService.Poll poll = app.results().poll(ids, app.mailboxes(),
                    app.clock().instant().minus(Duration.ofDays(Math.max(1, days))), Actor.SYSTEM);
            poll.found().forEach((id, f) -> out().println(id + ": " + f.summary()));
            if (poll.found().isEmpty() && poll.unavailable().isEmpty()) {
                err().println("no email identity has a mailbox to read (identities add … --imap imaps://USER@HOST/INBOX)");
            }
            poll.unavailable().forEach(u -> err().println("countersign results fetch: " + Listing.oneLine(u)));
            return poll.unavailable().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }
}
