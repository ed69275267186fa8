package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.importing.ImportProblem;
import io.countersign.core.replies.ReplyFileReader;
import io.countersign.core.replies.ReplyIntake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replies", mixinStandardHelpOptions = true,
        description = {"Replies from leads. One that objects (unsubscribe, stop, remove me, not interested…)",
                "puts its sender on the do-not-contact list for every channel and identity."},
        subcommands = {RepliesCommand.ImportReplies.class})
final class RepliesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Read replies from JSON lines (channel, from and/or leadId, text[, receivedAt][, id]; '-' reads stdin),",
                    "print what each one came to, and suppress every sender who objected. Pending drafts are re-checked."},
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
                err().println(p);
            }
            String who = by == null ? SuppressCommand.who() : by;
            List<ReplyIntake.Outcome> outcomes = ReplyIntake.assess(read.replies(), who, app.clock().instant());
            List<Suppression> entries = new ArrayList<>();
            int objections = 0;
            int unidentified = 0;
            for (ReplyIntake.Outcome o : outcomes) {
                String label = o.reply().id().isEmpty() ? o.reply().channel().wireName() + " from "
                        + (o.reply().from().isEmpty() ? "lead " + o.reply().leadId() : o.reply().from()) : o.reply().id();
                if (o.objection().isEmpty()) {
                    out().println(label + "\tno objection");
                    continue;
                }
                objections++;
                if (o.entries().isEmpty()) {
                    unidentified++;
                    err().println(source + ": " + label + ": objects (\u201c" + o.objection().get().phrase()
                            + "\u201d) but names no email, LinkedIn URL or lead id to suppress");
                    continue;
                }
                entries.addAll(o.entries());
                out().println(label + "\tobjection \u201c" + o.objection().get().phrase() + "\u201d\t"
                        + o.entries().stream().map(s -> s.kind().wireName() + " " + s.value()).collect(Collectors.joining(", ")));
            }
            int added = entries.isEmpty() ? 0 : app.suppress(entries, Actor.human(who));
            out().println(outcomes.size() + " replies: " + objections + " objections; " + added + " do-not-contact entries added, "
                    + (entries.size() - added) + " already listed" + (added > 0 ? "; pending drafts re-checked" : ""));
            return read.problems().isEmpty() && unidentified == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }
}
