package io.countersign.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.ConsoleApp;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.TaskExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's Verify checks what the CLI's does: the log, then the drafts, list and policies beside it. */
class AuditVerifyViewModelTest {

    @TempDir
    Path home;

    @Test
    void verifyInTheConsoleNamesADraftApprovedBesideTheLog() {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            app.importer().importBytes("t.jsonl", (TestDrafts.jsonLine("d1", "Hi Dana") + "\n").getBytes(StandardCharsets.UTF_8),
                    DraftFileReader.Format.JSONL);
            AuditViewModel audit = new AuditViewModel(ConsoleApp.services(app, "alice", TaskExecutor.direct(), new FakeDialogs()));
            audit.verify();
            assertTrue(audit.verified().get(), audit.status().get());
            assertTrue(audit.status().get().startsWith("Verified: "), audit.status().get());
            app.workspace().jdbi().useHandle(h -> h.execute("UPDATE draft SET status = 'APPROVED', decided_by = 'bob' WHERE id = 'd1'"));
            audit.verify();
            assertFalse(audit.verified().get());
            assertTrue(audit.status().get().startsWith("BROKEN: draft d1 is approved in the queue, but its latest decision in the log"),
                    audit.status().get());
        }
    }
}
