package io.countersign.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.app.Countersign;
import io.countersign.core.demo.DemoDrafts;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftCodec;
import io.countersign.core.importing.ImportReport;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.DraftQuery;
import io.countersign.core.review.ReviewService;
import io.countersign.core.work.Progress;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a realistic workload from a seed, to try Countersign at scale or reproduce its benchmarks.",
                "%nBoth channels, 40 identities (20 mailboxes, 20 LinkedIn accounts; sandbox identities are added for them), 5 campaigns, templates and personas; about 70 %% clean drafts, the rest "
                        + "with banned claims, unproven metrics, pressure, placeholders, phone numbers or a missing footer.",
                "%nWith --out, writes the drafts as JSON lines (no workspace needed); otherwise imports them into the "
                        + "workspace and decides some of them (approved or rejected, with their audit entries) as a reviewer would."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "2:bad arguments or the workspace cannot be opened"})
final class DemoCommand implements Callable<Integer> {

    /** The demo reviewer's signing key passphrase: a demo workspace is for trying things, not a secret. */
    static final String DEMO_PASSPHRASE = "demo passphrase";


    @Spec
    CommandSpec spec;

    @Option(names = "--drafts", required = true, paramLabel = "N", description = "How many drafts.")
    long count;

    @Option(names = "--seed", defaultValue = "1", description = "The same seed gives the same drafts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE|-", description = "Write JSON lines here instead of importing.")
    String out;

    @Option(names = "--decide", defaultValue = "10", paramLabel = "PERCENT",
            description = "When importing: percent of drafts decided (approved if allowed, else rejected) (default: ${DEFAULT-VALUE}).")
    int decidePercent;

    private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");

    @Override
    public Integer call() throws Exception {
        if (count < 0 || decidePercent < 0 || decidePercent > 100) {
            spec.commandLine().getErr().println("countersign demo: --drafts must be 0 or more and --decide 0 to 100");
            return ExitCodes.BAD_INPUT;
        }
        if (out != null) {
            return write();
        }
        return new Importing().call();
    }

    private Iterator<Draft> drafts() {
        DemoDrafts gen = new DemoDrafts(seed, START);
        return new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
                return n < count;
            }

            @Override
            public Draft next() {
                return gen.next(n++);
            }
        };
    }

    private int write() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Writer w = new BufferedWriter(out.equals("-")
                ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8), 1 << 16)) {
            for (Iterator<Draft> it = drafts(); it.hasNext(); ) {
                w.write(json.writeValueAsString(DraftCodec.toJson(it.next())));
                w.write('\n');
            }
        }
        if (!out.equals("-")) {
            spec.commandLine().getErr().println(count + " drafts written to " + out + " (seed " + seed + ")");
        }
        return ExitCodes.OK;
    }

    /** Imports into the workspace (the root's --home) and decides a share of the drafts. */
    private final class Importing extends WorkspaceCommand {
        Importing() {
            this.spec = DemoCommand.this.spec;
        }

        @Override
        protected Integer run(Countersign app) {
            // Identities first: the drafts' decisions check their sending identity as they are imported.
            int sandbox = app.identities().addSandboxFor(io.countersign.core.demo.DemoDrafts.identities(),
                    io.countersign.core.audit.Actor.SYSTEM);
            ImportReport report = app.importer().importDrafts("demo --seed " + seed, drafts(), Progress.NONE);
            out().println(report.summary());
            if (sandbox > 0) {
                out().println(sandbox + " sandbox identities added (they deliver to the workspace only)");
            }
            if (decidePercent == 0) {
                return ExitCodes.OK;
            }
            List<String> approve = new ArrayList<>();
            List<String> reject = new ArrayList<>();
            long[] n = {0};
            app.drafts().forEach(DraftQuery.withStatus(ReviewStatus.PENDING), q -> {
                if (n[0]++ % 100 < decidePercent) {
                    (q.decision().decision() == Decision.BLOCK ? reject : approve).add(q.id());
                }
                return true;
            });
            String reviewer = "demo-reviewer";
            // The demo reviewer signs its decisions as a person would, with a key whose passphrase is published.
            app.signing().passphrases((r, creating) -> r.equals(reviewer)
                    ? java.util.Optional.of(DEMO_PASSPHRASE.toCharArray()) : java.util.Optional.empty());
            ReviewService.BulkResult approved = app.review().approveAll(approve, reviewer, true, Progress.NONE);
            int rejected = 0;
            for (String id : reject) {
                app.review().reject(id, reviewer, "Blocked by policy (demo)");
                rejected++;
            }
            if (!approve.isEmpty() || !reject.isEmpty()) {
                out().println("(" + reviewer + " signs with a demo key: its passphrase is '" + DEMO_PASSPHRASE + "')");
            }
            out().println(approved.decided() + " approved, " + rejected + " rejected as " + reviewer
                    + (approved.refused().isEmpty() ? "" : "; " + approved.refused().size() + " not approvable after re-check"));
            return ExitCodes.OK;
        }
    }
}
