package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Inspect and verify the append-only audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Log.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-derive the hash chain of every audit entry and compare it with what is stored.",
                    "Detects edited, deleted, inserted and reordered entries."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the log is intact (prints the entry count)", "1:the log is broken (names the first broken entry)",
                    "2:the workspace cannot be opened"})
    static final class Verify extends WorkspaceCommand {
        @Override
        protected boolean readsOnly() {
            return true;
        }

        @Override
        protected Integer run(Countersign app) {
            AuditVerification v = app.audit().verify();
            if (v.ok()) {
                out().println(v.summary());
                return ExitCodes.OK;
            }
            err().println(v.summary());
            return ExitCodes.CHECK_FAILED;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Print audit entries as JSON lines, exactly as stored (RFC 8785 canonical form).")
    static final class Log extends WorkspaceCommand {
        @Override
        protected boolean readsOnly() {
            return true;
        }

        @Option(names = "--draft", paramLabel = "ID", description = "Only entries about this draft.")
        String draftId;

        @Option(names = "--from", paramLabel = "SEQ", defaultValue = "0", description = "First entry (default: 0).")
        long from;

        @Override
        protected Integer run(Countersign app) {
            if (draftId != null) {
                app.audit().forDraft(draftId).forEach(e -> out().println(e.line()));
                return ExitCodes.OK;
            }
            // Streamed from the database as it is printed: constant memory whatever the log's size.
            java.io.PrintWriter out = out();
            app.audit().forEach(from, null, e -> {
                out.println(e.line());
                return true;
            });
            out.flush();
            return ExitCodes.OK;
        }
    }
}
