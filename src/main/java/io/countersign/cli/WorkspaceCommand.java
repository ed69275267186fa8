package io.countersign.cli;

import io.countersign.adapters.persistence.WorkspaceException;
import io.countersign.app.Countersign;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base for commands that open the workspace; turns workspace errors into a message and exit 2. */
abstract class WorkspaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        Path home = Countersign.resolveHome(root().home());
        try (Countersign app = opensReadOnly() ? Countersign.openReadOnly(home, Clock.systemUTC())
                : readsOnly() ? Countersign.openForReading(home, Clock.systemUTC())
                : Countersign.open(home, false, Clock.systemUTC())) {
            try {
                return run(app);
            } catch (io.countersign.core.policy.PolicyHolder.UnavailableException
                     | io.countersign.core.integrity.AuditIntegrity.BrokenLogException
                     | io.countersign.core.store.StorageFullException e) {
                err().println("countersign: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (RuntimeException e) {
                if (app.workspace().isClosed()) {
                    // SIGTERM/Ctrl+C closed the workspace under the command: say so instead of a stack trace.
                    err().println("countersign: interrupted; everything confirmed before stays stored, "
                            + "the batch in progress was not written (run the command again)");
                    return ExitCodes.BAD_INPUT; // the JVM exits with the signal's status anyway (130, 143)
                }
                throw e;
            }
        } catch (WorkspaceException e) {
            err().println("countersign: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    protected abstract Integer run(Countersign app) throws Exception;

    /** True for commands that only read what is stored: they run even while the policy file is invalid. */
    protected boolean readsOnly() {
        return false;
    }

    /** True for commands that write nothing at all: the database opens read-only, so they work on a full disk. */
    protected boolean opensReadOnly() {
        return false;
    }

    protected RootCommand root() {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (RootCommand) s.userObject();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
