package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.outbox.AutoSendRule;
import io.countersign.core.outbox.OutboxException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "autosend", mixinStandardHelpOptions = true,
        description = {"Auto-send rules (off until you add one): pending drafts of a campaign, template or persona whose",
                "decision is allow under the policy in force are approved by Countersign itself, the rule named in the",
                "audit log, and sent. Anything the policy flags still waits for a human. Every change is audited."},
        subcommands = {AutosendCommand.Add.class, AutosendCommand.ListRules.class, AutosendCommand.Remove.class})
final class AutosendCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a rule (audited, naming who added it).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:added", "2:bad arguments, unknown identity or a duplicate rule"})
    static final class Add extends WorkspaceCommand {
        static final class Match {
            @Option(names = "--campaign", paramLabel = "C") String campaign;
            @Option(names = "--template", paramLabel = "T") String template;
            @Option(names = "--persona", paramLabel = "P") String persona;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Match match;
        @Option(names = "--identity", paramLabel = "I", description = "Only drafts of this identity.") String identity;
        @Option(names = "--reviewer", paramLabel = "NAME", description = "Who adds it (default: the workspace's reviewer).")
        String reviewer;

        Add() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            AutoSendRule.Kind kind = match.campaign != null ? AutoSendRule.Kind.CAMPAIGN
                    : match.template != null ? AutoSendRule.Kind.TEMPLATE : AutoSendRule.Kind.PERSONA;
            String value = match.campaign != null ? match.campaign : match.template != null ? match.template : match.persona;
            try {
                AutoSendRule r = app.autoSend().add(kind, value, identity, OutboxCommand.actor(app, reviewer));
                out().println("added " + r.id() + ": auto-send " + Listing.oneLine(r.describe())
                        + " when the policy allows a draft outright");
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign autosend add: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the rules: id, kind, value, identity, added by, added at.")
    static final class ListRules extends WorkspaceCommand {
        @Mixin Listing.Options output;

        ListRules() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            Listing listing = new Listing(out(), output.format, List.of("id", "kind", "value", "identityId", "addedBy", "addedAt"));
            for (AutoSendRule r : app.autoSend().rules()) {
                listing.row(r.id(), r.kind().wireName(), r.value(), r.identityId() == null ? "" : r.identityId(), r.addedBy(),
                        r.addedAt().toString());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a rule (audited).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:removed", "2:no such rule"})
    static final class Remove extends WorkspaceCommand {
        @Parameters(paramLabel = "RULE_ID") String id;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;

        Remove() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                app.autoSend().remove(id, OutboxCommand.actor(app, reviewer));
                out().println("removed " + id);
                return ExitCodes.OK;
            } catch (OutboxException e) {
                err().println("countersign autosend remove: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }
}
