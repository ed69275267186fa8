package io.countersign.ui.review;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.TextField;
import io.countersign.ui.common.Badges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Turns body findings into style spans on the exact characters, overlaps included: a character
 * covered by two findings carries both classes. A zero-length finding marks one character so it
 * stays visible.
 */
final class FindingHighlighter {

    private FindingHighlighter() {
    }

    static StyleSpans<Collection<String>> spans(int textLength, List<Finding> findings, Finding selected) {
        List<Finding> body = findings.stream().filter(f -> f.field() == TextField.BODY && f.start() < textLength).toList();
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, textLength));
        for (Finding f : body) {
            cuts.add(f.start());
            cuts.add(end(f, textLength));
        }
        StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
        Integer from = cuts.first();
        for (Integer to : cuts.tailSet(from, false)) {
            List<String> classes = new ArrayList<>();
            for (Finding f : body) {
                if (f.start() <= from && end(f, textLength) >= to) {
                    String cls = f.observed() ? "finding-observe" : "finding-" + Badges.styleSuffix(f.severity());
                    if (!classes.contains(cls)) {
                        classes.add(cls);
                    }
                    if (f.equals(selected) && !classes.contains("finding-selected")) {
                        classes.add("finding-selected");
                    }
                }
            }
            builder.add(classes, to - from);
            from = to;
        }
        if (textLength == 0) {
            builder.add(List.of(), 0);
        }
        return builder.create();
    }

    private static int end(Finding f, int textLength) {
        return Math.min(textLength, Math.max(f.end(), f.start() + 1));
    }
}
