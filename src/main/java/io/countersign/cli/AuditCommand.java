package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Inspect and verify the append-only audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Log.class, AuditCommand.Acknowledge.class, AuditCommand.Sent.class,
                AuditCommand.Export.class, AuditCommand.CheckpointCommand.class, AuditCommand.Prove.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-derive the hash chain of every audit entry and compare it with what is stored.",
                    "Detects edited, deleted, inserted and reordered entries. A broken log closes the workspace for",
                    "writing (fail closed) until an administrator runs 'audit acknowledge'.",
                    "With BUNDLE: verify an export bundle (audit-bundle-v1) instead, without any workspace: its key,",
                    "checkpoint signature, every entry's bytes and the tree root; prints 'OK N entries root=…' or",
                    "'FAIL: reason' naming the line."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the log (or bundle) is intact (prints the entry count)",
                    "1:the log (or bundle) is broken (names the first broken entry)", "2:the workspace cannot be opened"})
    static final class Verify extends WorkspaceCommand {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "BUNDLE",
                description = "An export bundle directory (entries.jsonl, checkpoint, log.vkey).") java.nio.file.Path bundle;
        @Option(names = "--consistency", paramLabel = "OLD_CHECKPOINT_FILE",
                description = "With BUNDLE: also check that the bundle extends this earlier checkpoint (same key and origin).")
        java.nio.file.Path consistency;
        @Option(names = "--key", paramLabel = "VKEY",
                description = "With BUNDLE: the log's key as you know it (name+id+key, or a file holding it); without it, "
                        + "the bundle's own log.vkey only proves it is self-consistent.") String pinned;

        Verify() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer withoutWorkspace() throws Exception {
            if (bundle == null) {
                if (consistency != null || pinned != null) {
                    err().println("countersign audit verify: --consistency and --key go with a BUNDLE directory");
                    return ExitCodes.BAD_INPUT;
                }
                return null;
            }
            String key = pinned;
            if (key != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(key))) {
                key = java.nio.file.Files.readString(java.nio.file.Path.of(key)).strip();
            }
            if (key != null) {
                try {
                    io.countersign.core.audit.note.NoteKey.parseVkey(key);
                } catch (IllegalArgumentException e) {
                    err().println("countersign audit verify: --key: " + Listing.oneLine(e.getMessage())
                            + " (a vkey is NAME+KEYID+KEY, or a file holding one)");
                    return ExitCodes.BAD_INPUT;
                }
            }
            var result = io.countersign.core.audit.bundle.BundleVerifier.verify(bundle, key, consistency);
            (result.ok() ? out() : err()).println(Listing.escape(result.summary()));
            if (result.ok() && key == null) {
                err().println("note: checked against the bundle's own log.vkey; pin the key you expect with --key");
            }
            return result.ok() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }

        @Override
        protected Integer run(Countersign app) {
            AuditVerification v = app.auditIntegrity().verify();
            if (v.ok()) {
                // The log is intact; the policies it names must be the ones kept (replay and the gate use them),
                // and the do-not-contact list and the drafts' decisions must be what their entries in the log add up to.
                java.util.List<String> problems = app.projectionCheck().problems();
                if (!problems.isEmpty()) {
                    problems.forEach(problem -> err().println("FAIL: " + Listing.oneLine(problem)));
                    return ExitCodes.CHECK_FAILED;
                }
                out().println(v.summary());
                return ExitCodes.OK;
            }
            err().println(v.summary());
            app.auditIntegrity().finding().ifPresent(f -> err().println("Writing is refused until an administrator "
                    + "acknowledges this: countersign audit acknowledge --reason \"...\""));
            if (!app.auditIntegrity().findingKept()) {
                err().println("Warning: the finding could not be recorded beside the log (is the disk full?); run "
                        + "'countersign audit verify' again once there is space, before anything writes.");
            }
            return ExitCodes.CHECK_FAILED;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the audit log as an export bundle (audit-bundle-v1) that anyone can verify with their own",
                    "tools: entries.jsonl (the canonical lines), checkpoint (the signed Merkle tree head of exactly",
                    "those lines) and log.vkey (this workspace's public log key). Always a prefix of the log, so it",
                    "verifies against the checkpoint. DIR must be new or empty."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:bad arguments or DIR exists"})
    static final class Export extends WorkspaceCommand {
        @Option(names = "--bundle", required = true, paramLabel = "DIR") java.nio.file.Path dir;
        @Option(names = "--to", paramLabel = "SEQ", description = "The last entry to include (default: all).") Long to;

        Export() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                var w = app.auditBundles().export(dir, to);
                out().println("exported " + w.size() + " entries to " + dir + " (root " + w.checkpoint().rootBase64() + ")");
                out().println("log key: " + app.auditBundles().vkey());
                return ExitCodes.OK;
            } catch (IllegalArgumentException | java.io.IOException e) {
                err().println("countersign audit export: " + Listing.oneLine(String.valueOf(e.getMessage())));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = {"Print the signed checkpoint of the log as it stands (a C2SP tlog-checkpoint signed note:",
                    "origin, size, base64 Merkle root) and the log's public key. Keep it: 'audit verify BUNDLE",
                    "--consistency FILE' later proves the log only grew since."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:the workspace cannot be opened"})
    static final class CheckpointCommand extends WorkspaceCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Also write the checkpoint to FILE.") java.nio.file.Path file;

        CheckpointCommand() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) throws Exception {
            String note;
            try {
                note = app.auditBundles().checkpoint().format();
            } catch (IllegalArgumentException e) {
                err().println("countersign audit checkpoint: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.CHECK_FAILED;
            }
            out().print(note);
            if (file != null) {
                java.nio.file.Files.writeString(file, note, java.nio.charset.StandardCharsets.UTF_8);
            }
            err().println("log key: " + app.auditBundles().vkey());
            return ExitCodes.OK;
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = {"Print the inclusion proof of one entry (RFC 9162 audit path) against a signed checkpoint of the",
                    "whole log: the leaf hash, each path hash (hex, leaf to root) and the checkpoint."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:no such entry"})
    static final class Prove extends WorkspaceCommand {
        @picocli.CommandLine.Parameters(paramLabel = "SEQ") long seq;

        Prove() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                var p = app.auditBundles().prove(seq);
                java.util.HexFormat hex = java.util.HexFormat.of();
                out().println("entry " + p.seq() + " leaf " + hex.formatHex(p.leafHash()));
                for (byte[] h : p.path()) {
                    out().println("path " + hex.formatHex(h));
                }
                out().print(p.checkpoint().format());
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                err().println("countersign audit prove: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "acknowledge", mixinStandardHelpOptions = true,
            description = {"Acknowledge that the audit log did not verify, so writing may go on.",
                    "Records an audit.acknowledged entry with what was found, who acknowledged it and why; later",
                    "verifications pass over the entry concerned and check everything after it. Admin-only once",
                    "roles exist."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:acknowledged", "1:there is nothing to acknowledge", "2:bad arguments or the workspace cannot be opened"})
    static final class Acknowledge extends WorkspaceCommand {
        Acknowledge() {
            super(Access.WITHOUT_POLICY);
        }

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "What was looked at and why writing may go on (recorded in the log).")
        String reason;

        @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges (default: the OS user).")
        String by;

        @Override
        protected Integer run(Countersign app) {
            var finding = app.auditIntegrity().finding();
            if (finding.isEmpty()) {
                err().println("countersign audit acknowledge: nothing to acknowledge; the log has no open finding "
                        + "(run 'countersign audit verify' to check it)");
                return ExitCodes.CHECK_FAILED;
            }
            if (reason.isBlank()) {
                err().println("countersign audit acknowledge: --reason must say why writing may go on");
                return ExitCodes.BAD_INPUT;
            }
            String who = by == null || by.isBlank() ? System.getProperty("user.name", "admin") : by.strip();
            var entry = app.auditIntegrity().acknowledge(io.countersign.core.audit.Actor.human(who), reason);
            out().println("acknowledged as entry #" + entry.seq() + ": " + finding.get().text());
            return ExitCodes.OK;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Print audit entries as JSON lines, exactly as stored (RFC 8785 canonical form).")
    static final class Log extends WorkspaceCommand {
        Log() {
            super(Access.READ_ONLY);
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

    @Command(name = "sent", mixinStandardHelpOptions = true,
            description = {"Which account sent what, from the audit log: every message.sent (and every unknown outcome a",
                    "person resolved as sent) on a day, in the sending identity's own local day, with who approved it;",
                    "then how many each identity sent that day."})
    static final class Sent extends WorkspaceCommand {
        @picocli.CommandLine.Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "The day (default: today, UTC).")
        String day;
        @picocli.CommandLine.Option(names = "--identity", paramLabel = "ID", description = "Only this identity.") String identity;
        @picocli.CommandLine.Mixin Listing.Options output;

        Sent() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            String d = day == null ? java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString() : day.strip();
            try {
                java.time.LocalDate.parse(d);
            } catch (java.time.format.DateTimeParseException e) {
                err().println("countersign audit sent: --day: '" + Listing.oneLine(d) + "' is not a date like 2026-12-02");
                return ExitCodes.BAD_INPUT;
            }
            Listing listing = new Listing(out(), output.format, java.util.List.of("seq", "ts", "identityId", "from", "recipient",
                    "draftId", "approvalSeq", "approvedBy", "transport", "how"));
            java.util.Map<String, Integer> perIdentity = new java.util.TreeMap<>();
            String sent = io.countersign.core.audit.AuditEventType.MESSAGE_SENT.wireName();
            String resolved = io.countersign.core.audit.AuditEventType.SEND_RESOLVED.wireName();
            app.audit().forEach(0, null, e -> {
                if (!e.type().equals(sent) && !e.type().equals(resolved)) {
                    return true;
                }
                var json = e.json();
                boolean isSent = e.type().equals(sent);
                if (!isSent && !"sent".equals(json.path("result").asText())) {
                    return true;
                }
                String id = json.path("identityId").asText("");
                String localDay = isSent ? json.path("day").asText("") : e.ts().toString().substring(0, 10);
                if (!localDay.equals(d) || identity != null && !identity.equals(id)) {
                    return true;
                }
                perIdentity.merge(id, 1, Integer::sum);
                listing.row(String.valueOf(e.seq()), e.ts().toString(), id, json.path("from").asText(""),
                        json.path("recipient").asText(""), json.path("draftId").asText(""), json.path("approvalSeq").asText(""),
                        json.path("approvedBy").asText(""), json.path("transport").asText(""),
                        isSent ? (json.path("sandbox").asBoolean(false) ? "sandbox" : "sent")
                                : "resolved as sent by " + e.actorId());
                return true;
            });
            perIdentity.forEach((id, n) -> err().println(id + ": " + n + " sent on " + d));
            if (perIdentity.isEmpty()) {
                err().println("nothing sent on " + d + (identity == null ? "" : " by " + identity));
            }
            return ExitCodes.OK;
        }
    }
}
