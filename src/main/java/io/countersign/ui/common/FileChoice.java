package io.countersign.ui.common;

import java.util.List;

/**
 * What a file dialog asks for: its title, the kind of file and the name patterns offered. Each
 * feature declares its own (drafts to import, a policy to try, a do-not-contact CSV …), and
 * {@link DialogService#chooseFile} shows any of them, so there is one file dialog, configured once.
 *
 * @param id short name of the choice, for logs and scripted test answers
 */
public record FileChoice(String id, String title, String kind, List<String> patterns) {

    public FileChoice {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a file choice needs at least one name pattern");
        }
    }
}
