package io.countersign.ui.common;

import java.util.List;
import java.util.stream.Collectors;

/** The rejected lines of an import as a dialog shows them: the first few, then how many more. */
public final class ProblemList {

    /** Lines a dialog shows before it says "… and N more". */
    public static final int SHOWN = 20;

    private ProblemList() {
    }

    public static String firstLines(List<?> problems) {
        String shown = problems.stream().limit(SHOWN).map(String::valueOf).collect(Collectors.joining("\n"));
        return problems.size() > SHOWN ? shown + "\n\u2026 and " + (problems.size() - SHOWN) + " more" : shown;
    }
}
