package io.countersign.core.importing;

import io.countersign.core.draft.Draft;
import java.util.List;

/** The drafts read from one file and the records that could not be read, each with its line. */
public record ParsedFile(String source, List<Draft> drafts, List<ImportProblem> problems) {
    public ParsedFile {
        drafts = List.copyOf(drafts);
        problems = List.copyOf(problems);
    }
}
