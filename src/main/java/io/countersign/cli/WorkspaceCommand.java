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
        Integer done = withoutWorkspace();
        if (done != null) {
            return done;
        }
        Path home = Countersign.resolveHome(root().home());
        try (Countersign app = switch (access) {
            case READ_ONLY -> Countersign.openReadOnly(home, Clock.systemUTC());
            case WITHOUT_POLICY -> Countersign.openForReading(home, Clock.systemUTC());
            case WRITES -> Countersign.open(home, false, Clock.systemUTC());
        }) {
            try {
                return run(app);
            } catch (io.countersign.core.policy.PolicyHolder.UnavailableException
                     | io.countersign.core.integrity.AuditIntegrity.BrokenLogException
                     | io.countersign.core.store.StorageFullException | io.countersign.core.store.NotDurableException e) {
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

    /** For a command that can run without a workspace (verifying an exported bundle): its exit code, or null to open one. */
    protected Integer withoutWorkspace() throws Exception {
        return null;
    }

    /** How a command opens the workspace. */
    enum Access {
        /** Evaluates and writes: needs a valid policy file. */
        WRITES,
        /** Writes without evaluating (audit acknowledge): runs while the policy file is invalid. */
        WITHOUT_POLICY,
        /** Writes nothing at all: the database opens read-only, so it works on a full disk and with an invalid policy. */
        READ_ONLY
    }

    private final Access access;

    protected WorkspaceCommand() {
        this(Access.WRITES);
    }

    protected WorkspaceCommand(Access access) {
        this.access = access;
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
