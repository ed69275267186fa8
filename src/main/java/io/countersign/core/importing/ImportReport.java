package io.countersign.core.importing;

import java.util.List;

/** What an import did: drafts stored, drafts already present (left untouched), records refused. */
public record ImportReport(String source, int imported, List<String> alreadyPresent, List<ImportProblem> problems) {
    public ImportReport {
        alreadyPresent = List.copyOf(alreadyPresent);
        problems = List.copyOf(problems);
    }

    public String summary() {
        return source + ": " + imported + " imported, " + alreadyPresent.size() + " already present, "
                + problems.size() + " rejected";
    }
}
