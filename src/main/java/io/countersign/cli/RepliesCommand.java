package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.importing.ImportProblem;
import io.countersign.core.replies.ReplyFileReader;
import io.countersign.core.replies.ReplyIntake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replies", mixinStandardHelpOptions = true,
        description = {"Replies from leads: one that objects (unsubscribe, stop, remove me, not interested…) puts its "
                + "sender on the do-not-contact list for every channel and identity."},
        subcommands = {RepliesCommand.ImportReplies.class, RepliesCommand.Fetch.class})
final class RepliesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Read replies from a JSON-lines file and suppress every sender who objected.",
                    "Fields: channel (email|linkedin), from and/or leadId, text, optional receivedAt and id; '-' reads stdin. "
                            + "Prints what each reply came to; pending drafts are re-checked."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every reply read", "2:some lines rejected, or an objection whose sender cannot be identified"})
    static final class ImportReplies extends WorkspaceCommand {
        @Parameters(paramLabel = "FILE.jsonl") String file;
        @Option(names = "--by", description = "Who records the entries (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) throws Exception {
            byte[] bytes;
            if (file.equals("-")) {
                bytes = System.in.readAllBytes();
            } else if (Files.isRegularFile(Path.of(file))) {
                bytes = Files.readAllBytes(Path.of(file));
            } else {
                err().println("countersign replies import: " + file + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            String source = file.equals("-") ? "<stdin>" : file;
            ReplyFileReader.Result read = ReplyFileReader.read(source, bytes);
            for (ImportProblem p : read.problems()) {
                err().println(Listing.oneLine(String.valueOf(p)));
            }
            boolean allIdentified = suppressObjectors(this, app, read.replies(), source, by);
            return read.problems().isEmpty() && allIdentified ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Read email replies from an IMAP mailbox and suppress every sender who objected.",
                    "Read-only: nothing is marked, moved or deleted. The password comes from an environment variable "
                            + "or a file, never from the command line."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:mailbox read", "2:bad option, mailbox unreachable or login refused, or an unidentifiable objection"})
    static final class Fetch extends WorkspaceCommand {
        @Option(names = "--mailbox", required = true, paramLabel = "URL",
                description = "e.g. imaps://replies%%40acme.example@imap.acme.example/INBOX (user percent-encoded; port optional).")
        java.net.URI mailbox;
        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the password.")
        String passwordEnv;
        @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
        Path passwordFile;
        @Option(names = "--days", defaultValue = "7", description = "Replies received in the last N days (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--by", description = "Who records the entries (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) throws Exception {
            char[] password;
            if (passwordEnv != null) {
                String v = System.getenv(passwordEnv);
                if (v == null) {
                    err().println("countersign replies fetch: environment variable " + passwordEnv + " is not set");
                    return ExitCodes.BAD_INPUT;
                }
                password = v.toCharArray();
            } else if (passwordFile != null) {
                if (!Files.isRegularFile(passwordFile)) {
                    err().println("countersign replies fetch: " + passwordFile + ": no such file");
                    return ExitCodes.BAD_INPUT;
                }
                password = Files.readAllLines(passwordFile, java.nio.charset.StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("").toCharArray();
            } else {
                err().println("countersign replies fetch: give --password-env VAR or --password-file FILE");
                return ExitCodes.BAD_INPUT;
            }
            if (days < 1) {
                err().println("countersign replies fetch: --days must be at least 1");
                return ExitCodes.BAD_INPUT;
            }
            List<io.countersign.core.replies.Reply> replies;
            try {
                replies = new io.countersign.adapters.channels.email.ImapReplySource(mailbox, password)
                        .fetch(app.clock().instant().minus(java.time.Duration.ofDays(days)));
            } catch (IllegalArgumentException | io.countersign.adapters.channels.email.ImapReplySource.MailboxException e) {
                err().println("countersign replies fetch: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            return suppressObjectors(this, app, replies, mailbox.getHost(), by) ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    /** Prints what each reply came to and suppresses the senders who objected; false when one could not be identified. */
    static boolean suppressObjectors(WorkspaceCommand cmd, Countersign app, List<io.countersign.core.replies.Reply> replies,
                                     String source, String by) {
        var out = cmd.out();
        var err = cmd.err();
        String who = by == null ? SuppressCommand.who() : by;
        List<ReplyIntake.Outcome> outcomes = ReplyIntake.assess(replies, who, app.clock().instant());
        int objections = 0;
        int unidentified = 0;
        for (ReplyIntake.Outcome o : outcomes) {
            String label = (o.reply().id().isEmpty() ? "" : o.reply().id() + " ") + o.reply().channel().wireName() + " from "
                    + (o.reply().from().isEmpty() ? "lead " + o.reply().leadId() : o.reply().from());
            if (o.objection().isEmpty()) {
                out.println(label + "\tno objection");
                continue;
            }
            objections++;
            if (o.entries().isEmpty()) {
                unidentified++;
                err.println(source + ": " + label + ": objects (\u201c" + o.objection().get().phrase()
                        + "\u201d) but names no email, LinkedIn URL or lead id to suppress");
                continue;
            }
            out.println(label + "\tobjection \u201c" + o.objection().get().phrase() + "\u201d\t"
                    + o.entries().stream().map(s -> s.kind().wireName() + " " + s.value()).collect(Collectors.joining(", ")));
        }
        List<Suppression> entries = ReplyIntake.entriesOf(outcomes);
        int added = app.doNotContact().add(entries, Actor.human(who)).added();
        out.println(count(outcomes.size(), "reply", "replies") + ": " + count(objections, "objection", "objections") + "; "
                + count(added, "do-not-contact entry", "do-not-contact entries") + " added, "
                + (entries.size() - added) + " already listed" + (added > 0 ? "; pending drafts re-checked" : ""));
        return unidentified == 0;
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
