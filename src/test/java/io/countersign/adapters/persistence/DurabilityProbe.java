package io.countersign.adapters.persistence;

import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.importing.DraftFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM by {@link KilledProcessTest}: imports at least 60 drafts d0, d1…, approves
 * d{first}…d{first+count-1} one by one, prints each confirmed approval, then waits to be killed without closing anything.
 * Arguments: workspace, count[, first].
 */
public final class DurabilityProbe {

    public static void main(String[] args) throws Exception {
        Countersign app = io.countersign.TestWorkspaces.open(Path.of(args[0]), Clock.systemUTC());
        int n = Integer.parseInt(args[1]);
        int first = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        StringBuilder lines = new StringBuilder();
        // Enough drafts that the database rewrites pages and frees space, as real use does (re-import is a no-op).
        for (int i = 0; i < Math.max(first + n, 60); i++) {
            lines.append(TestDrafts.jsonLine("d" + i, "Hi Dana, worth a chat about SDR ramp?")).append('\n');
        }
        app.importer().importBytes("probe.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
        System.out.println("IMPORTED");
        for (int i = first; i < first + n; i++) {
            app.review().approve("d" + i, "probe", false);
            System.out.println("APPROVED d" + i); // only printed once the approval is confirmed on disk
            System.out.flush();
        }
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
