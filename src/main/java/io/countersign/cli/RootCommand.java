package io.countersign.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code countersign [--home DIR] [COMMAND]}: without a command it opens the console; with one it
 * runs headless. {@code --home} is inherited by every subcommand.
 */
@Command(name = "countersign", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Approval console for AI-written sales outreach. Without a command, opens the console.",
        subcommands = {ImportCommand.class, QueueCommand.class, PolicyCommand.class, AuditCommand.class, SuppressCommand.class,
                IdentitiesCommand.class, ReviewCommand.class, SendCommand.class, OutboxCommand.class, SendingCommand.class, AutosendCommand.class, ResultsCommand.class,
                RepliesCommand.class, DemoCommand.class, SyncCommand.class, io.countersign.collector.CollectorCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:check failed (blocked draft, broken audit log)", "2:bad input or usage"})
public final class RootCommand implements Runnable {

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Workspace directory (default: $COUNTERSIGN_HOME, else ~/.countersign).")
    Path home;

    private final java.util.function.Consumer<Path> openConsole;

    public RootCommand(java.util.function.Consumer<Path> openConsole) {
        this.openConsole = openConsole;
    }

    public Path home() {
        return home;
    }

    @Override
    public void run() {
        openConsole.accept(home);
    }
}
