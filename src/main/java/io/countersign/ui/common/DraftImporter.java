package io.countersign.ui.common;

import io.countersign.core.importing.ImportReport;
import java.io.IOException;
import java.nio.file.Path;

/** Imports a drafts file (JSONL or CSV, detected from name and content) into the queue. */
@FunctionalInterface
public interface DraftImporter {
    ImportReport importFile(Path file) throws IOException;
}
