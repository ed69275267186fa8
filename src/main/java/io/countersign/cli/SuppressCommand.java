package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.contact.SuppressionCsv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "suppress", mixinStandardHelpOptions = true,
        description = {"The do-not-contact list. Entries apply to every channel and every sending identity;",
                "adding one re-checks pending drafts at once. An entry added by mistake can be withdrawn",
                "(audited with who added it and why; adding it again restores it); nothing is ever deleted."},
        subcommands = {SuppressCommand.Add.class, SuppressCommand.ImportCsv.class, SuppressCommand.ListEntries.class,
                SuppressCommand.Withdraw.class})
final class SuppressCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static String who() {
        return System.getProperty("user.name", "cli");
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = {"Withdraw an entry added by mistake (kept in its history and the audit log) and re-check",
                    "pending drafts. Name exactly one entry."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:withdrawn", "2:no such entry in force, or bad arguments"})
    static final class Withdraw extends WorkspaceCommand {
        @Option(names = "--email") String email;
        @Option(names = "--domain") String domain;
        @Option(names = "--company") String company;
        @Option(names = "--linkedin", paramLabel = "URL") String linkedin;
        @Option(names = "--lead", paramLabel = "LEAD_ID") String lead;
        @Option(names = "--reason", required = true, description = "Why it is withdrawn (e.g. \"added to the wrong lead\").") String reason;
        @Option(names = "--by", description = "Who withdraws it (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) {
            List<java.util.Map.Entry<Suppression.Kind, String>> named = new ArrayList<>();
            if (email != null) named.add(java.util.Map.entry(Suppression.Kind.EMAIL, email));
            if (domain != null) named.add(java.util.Map.entry(Suppression.Kind.DOMAIN, domain));
            if (company != null) named.add(java.util.Map.entry(Suppression.Kind.COMPANY, company));
            if (linkedin != null) named.add(java.util.Map.entry(Suppression.Kind.LINKEDIN, linkedin));
            if (lead != null) named.add(java.util.Map.entry(Suppression.Kind.LEAD, lead));
            if (named.size() != 1 || reason.isBlank()) {
                err().println("countersign suppress withdraw: name exactly one of --email, --domain, --company, --linkedin, "
                        + "--lead, and a --reason");
                return ExitCodes.BAD_INPUT;
            }
            var entry = named.get(0);
            int changed = app.doNotContact().withdraw(entry.getKey(), entry.getValue(), reason,
                    Actor.human(by == null ? who() : by), app.clock().instant());
            if (changed < 0) {
                err().println("countersign suppress withdraw: no " + entry.getKey().wireName() + " entry '"
                        + entry.getKey().normalize(entry.getValue()) + "' is on the list");
                return ExitCodes.BAD_INPUT;
            }
            out().println("withdrawn: " + entry.getKey().wireName() + " " + entry.getKey().normalize(entry.getValue()));
            err().println("pending drafts re-checked: " + changed + " decision" + (changed == 1 ? "" : "s") + " changed");
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Suppress a lead by email, domain, company, LinkedIn URL or lead id.")
    static final class Add extends WorkspaceCommand {
        @Option(names = "--email") List<String> emails = new ArrayList<>();
        @Option(names = "--domain") List<String> domains = new ArrayList<>();
        @Option(names = "--company") List<String> companies = new ArrayList<>();
        @Option(names = "--linkedin", paramLabel = "URL") List<String> linkedin = new ArrayList<>();
        @Option(names = "--lead", paramLabel = "LEAD_ID") List<String> leads = new ArrayList<>();
        @Option(names = "--reason", required = true, description = "Why (e.g. \"replied STOP\", \"asked not to be contacted\").") String reason;
        @Option(names = "--source", defaultValue = "manual",
                description = "Where the objection came from: email-reply, linkedin-message, manual… (default: ${DEFAULT-VALUE}).") String source;
        @Option(names = "--by", description = "Who records it (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) {
            List<Suppression> entries = new ArrayList<>();
            var now = app.clock().instant();
            emails.forEach(v -> entries.add(entry(Suppression.Kind.EMAIL, v, now)));
            domains.forEach(v -> entries.add(entry(Suppression.Kind.DOMAIN, v, now)));
            companies.forEach(v -> entries.add(entry(Suppression.Kind.COMPANY, v, now)));
            linkedin.forEach(v -> entries.add(entry(Suppression.Kind.LINKEDIN, v, now)));
            leads.forEach(v -> entries.add(entry(Suppression.Kind.LEAD, v, now)));
            if (entries.isEmpty()) {
                err().println("countersign suppress add: name at least one of --email, --domain, --company, --linkedin, --lead");
                return ExitCodes.BAD_INPUT;
            }
            var added = app.doNotContact().add(entries, Actor.human(by == null ? who() : by));
            out().println(added.summary());
            if (!added.recheckSummary().isEmpty()) {
                err().println(added.recheckSummary());
            }
            return ExitCodes.OK;
        }

        private Suppression entry(Suppression.Kind kind, String raw, java.time.Instant now) {
            return new Suppression(kind, kind.normalize(raw), reason, source, by == null ? who() : by, now);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a CSV with header kind,value[,reason][,source] (kind: email, domain, company, linkedin, lead).",
                    "Bad rows are reported with their line number; the rest are added."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:all rows added or already listed", "2:some rows rejected"})
    static final class ImportCsv extends WorkspaceCommand {
        @Parameters(paramLabel = "FILE.csv") Path file;
        @Option(names = "--by", description = "Who records it (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) throws IOException {
            if (!Files.isRegularFile(file)) {
                err().println("countersign suppress import: " + file + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            SuppressionCsv.Result read;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read = SuppressionCsv.read(r, file.toString(), by == null ? who() : by, app.clock().instant());
            }
            read.problems().forEach(p -> err().println(Listing.oneLine(String.valueOf(p))));
            if (read.fatal()) {
                return ExitCodes.BAD_INPUT;
            }
            List<Suppression> entries = read.entries();
            int bad = read.problems().size();
            var added = app.doNotContact().add(entries, Actor.human(by == null ? who() : by));
            out().println(added.summary() + ", " + bad + " rejected");
            if (!added.recheckSummary().isEmpty()) {
                err().println(added.recheckSummary());
            }
            return bad == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the list: kind, value, reason, source, added by, added at (tab-separated, or --format jsonl).")
    static final class ListEntries extends WorkspaceCommand {
        ListEntries() {
            super(Access.READ_ONLY);
        }



        @picocli.CommandLine.Mixin
        Listing.Options output;

        @Override
        protected Integer run(Countersign app) {
            Listing listing = new Listing(out(), output.format,
                    java.util.List.of("kind", "value", "reason", "source", "addedBy", "addedAt"));
            for (Suppression s : app.doNotContact().entries()) {
                listing.row(s.kind().wireName(), s.value(), s.reason(), s.source(), s.addedBy(), s.addedAt().toString());
            }
            return ExitCodes.OK;
        }
    }
}
