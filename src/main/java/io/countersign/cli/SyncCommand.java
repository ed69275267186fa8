package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.sync.CollectorRefusal;
import io.countersign.core.sync.SyncService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sync [enroll|status]}: the device side of the witnessed audit log. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Push the audit log to the collector that witnesses it, now; store what it cosigned.",
                "Exits 0 when the collector holds every entry."},
        subcommands = {SyncCommand.Enroll.class, SyncCommand.Status.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the collector holds everything", "1:the collector refused (names the first conflicting entry)",
                "2:not enrolled, or bad input", "3:the collector cannot be reached now (run again; nothing is lost)"})
final class SyncCommand extends WorkspaceCommand {

    @Override
    protected Integer run(Countersign app) {
        SyncService sync = app.sync();
        if (!sync.enrolled()) {
            err().println("countersign sync: this workspace is not enrolled with a collector; run "
                    + "'countersign sync enroll --endpoint URL --token TOKEN [--collector-key KEY]'");
            return ExitCodes.BAD_INPUT;
        }
        try {
            SyncService.Pushed p = sync.push();
            out().println("sent " + p.sent() + " entries; the collector holds all " + p.witnessedSize() + " (witnessed up to #"
                    + (p.witnessedSize() - 1) + ")");
            return p.complete() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        } catch (CollectorRefusal r) {
            err().println("countersign sync: " + Listing.oneLine(r.getMessage()));
            if (r.conflict()) {
                err().println("the local log is kept as it is; compare it with 'countersign audit verify' and the collector's "
                        + "'collector alerts'");
            }
            return ExitCodes.CHECK_FAILED;
        } catch (IOException e) {
            long pending = sync.status().pending();
            err().println("countersign sync: offline, " + pending + " pending: " + Listing.oneLine(String.valueOf(e.getMessage())));
            return ExitCodes.UNAVAILABLE;
        } catch (IllegalStateException e) {
            err().println("countersign sync: " + Listing.oneLine(e.getMessage()));
            return ExitCodes.CHECK_FAILED;
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = {"Enroll this workspace with a collector using a one-time token from 'collector token --origin NAME'.",
                    "Pin the collector key its operator gave you (collector.pub) with --collector-key."})
    static final class Enroll extends WorkspaceCommand {
        @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "The collector, e.g. https://audit.example.com:8443")
        String endpoint;
        @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "The one-time enrolment token.")
        String token;
        @Option(names = "--collector-key", paramLabel = "KEY", description = "The collector's key (NAME+ID+KEY, or a file holding it).")
        String collectorKey;
        @Option(names = "--trust-cert", paramLabel = "PEM", description = "Trust this certificate (or CA) for the collector's HTTPS, "
                + "beside the system's CAs; kept in the workspace.")
        Path trustCert;

        @Override
        protected Integer run(Countersign app) throws Exception {
            String key = collectorKey;
            if (key != null && Files.isRegularFile(Path.of(key))) {
                key = Files.readString(Path.of(key)).strip();
            }
            if (trustCert != null) {
                try {
                    io.countersign.adapters.collector.CollectorTrust.certificates(trustCert);
                } catch (IOException | java.security.GeneralSecurityException e) {
                    err().println("countersign sync enroll: --trust-cert " + trustCert + ": " + Listing.oneLine(e.getMessage()));
                    return ExitCodes.BAD_INPUT;
                }
                Files.copy(trustCert, app.workspace().home().resolve(io.countersign.adapters.collector.CollectorTrust.FILE),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                var e = app.sync().enroll(endpoint, token, key, Actor.human(SuppressCommand.who()));
                out().println("enrolled as '" + e.name() + "' with " + e.endpoint());
                out().println("collector key pinned: " + e.collectorKey());
                if (key == null) {
                    err().println("note: no --collector-key given, so the key the collector presented was pinned; compare it with "
                            + "its operator's collector.pub");
                }
                out().println("run 'countersign sync' to send the log now (the console sends it in the background)");
                return ExitCodes.OK;
            } catch (IllegalArgumentException | IllegalStateException | CollectorRefusal e) {
                err().println("countersign sync enroll: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            } catch (IOException e) {
                err().println("countersign sync enroll: cannot reach " + endpoint + ": " + Listing.oneLine(String.valueOf(e.getMessage())));
                return ExitCodes.UNAVAILABLE;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Where this workspace is enrolled, how many entries are pending, the last witnessed checkpoint, the last error.")
    static final class Status extends WorkspaceCommand {
        Status() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            SyncService.Status s = app.sync().status();
            if (s.enrollment().isEmpty()) {
                out().println("not enrolled with a collector (" + s.localSize() + " entries, none witnessed)");
                return ExitCodes.OK;
            }
            var e = s.enrollment().get();
            out().println("collector:  " + e.endpoint() + " (as '" + e.name() + "', enrolled " + e.enrolledAt() + ")");
            out().println("key:        " + e.collectorKey());
            out().println("entries:    " + s.localSize() + ", pending " + s.pending());
            out().println("witnessed:  " + s.witnessed().map(w -> "up to #" + (w.size() - 1) + " at " + w.cosignedAt()).orElse("nothing yet"));
            s.lastAttempt().ifPresent(a -> {
                out().println("last push:  " + a.at() + (a.failed() ? " FAILED: " + Listing.oneLine(a.error()) : " ok"));
                if (a.conflict()) {
                    out().println("CONFLICT:   the collector holds entry #" + a.conflictIndex() + " differently; the local log is kept as it is");
                }
            });
            return s.lastAttempt().map(a -> a.conflict() ? ExitCodes.CHECK_FAILED : ExitCodes.OK).orElse(ExitCodes.OK);
        }
    }
}
