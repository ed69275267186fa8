package io.countersign.core.importing;

import java.util.List;

/** What an import did: drafts stored, drafts already present (left untouched), records refused. */
public record ImportReport(String source, int imported, List<String> alreadyPresent, List<ImportProblem> problems) {
    public ImportReport {
        alreadyPresent = List.copyOf(alreadyPresent);
        problems = List.copyOf(problems);
    }

    /** Nothing was found in the file: no draft and no broken record (an empty file, or a CSV header alone). */
    public boolean empty() {
        return imported == 0 && alreadyPresent.isEmpty() && problems.isEmpty();
    }

    public String summary() {
        if (empty()) {
            return source + ": no drafts found (the file is empty or holds only a CSV header); nothing imported";
        }
        return source + ": " + imported + " imported, " + alreadyPresent.size() + " already present, "
                + problems.size() + " rejected";
    }
}
