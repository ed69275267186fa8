package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.importing.ImportProblem;
import io.countersign.core.importing.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import drafts from a JSONL or CSV file into the review queue.",
                "Bad records are reported with their line number and skipped; the rest are imported.",
                "Drafts whose id is already stored are left untouched, so re-importing a file is safe."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every record imported or already present", "2:some records rejected, no drafts in the file, or the file is unreadable"})
final class ImportCommand extends WorkspaceCommand {

    @Parameters(paramLabel = "FILE", description = "Drafts file (.jsonl or .csv).")
    Path file;

    @Option(names = "--format", description = "jsonl or csv (default: from the file name, else the content).")
    DraftFileReader.Format format;

    @Override
    protected Integer run(Countersign app) throws Exception {
        if (!Files.isRegularFile(file)) {
            err().println("countersign import: " + file + ": no such file");
            return ExitCodes.BAD_INPUT;
        }
        ImportReport report = app.importer().importFile(file, format, io.countersign.core.work.Progress.NONE);
        for (ImportProblem p : report.problems()) {
            err().println(file + ":" + p.line() + ": " + Listing.oneLine(p.reason())); // reasons quote the file's bytes
        }
        if (report.empty()) {
            err().println(report.summary());
            return ExitCodes.BAD_INPUT;
        }
        out().println(report.summary());
        return report.problems().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
