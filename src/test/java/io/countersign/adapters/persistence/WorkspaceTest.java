package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.importing.ImportReport;
import io.countersign.core.review.QueuedDraft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence on a real H2 file: round trips, the append-only guard and tamper detection. */
class WorkspaceTest {

    @TempDir
    Path home;

    private Countersign open() {
        return Countersign.open(home, false, Clock.systemUTC());
    }

    private static ImportReport importLines(Countersign app, String... lines) {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return app.importer().importBytes("test.jsonl", bytes, DraftFileReader.Format.JSONL);
    }

    @Test
    void draftsAndAuditSurviveReopenAndUnicodeIsUnaltered() {
        String hostile = "Hi \uD83D\uDC4B\uD83C\uDFFD \u05E9\u05DC\u05D5\u05DD e\u0301 zero\u200Bwidth \u202Eevil\u202C \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        try (Countersign app = open()) {
            ImportReport r = importLines(app, TestDrafts.jsonLine("u1", hostile), TestDrafts.jsonLine("u2", "guaranteed"));
            assertEquals(2, r.imported());
        }
        try (Countersign app = open()) {
            QueuedDraft u1 = app.drafts().find("u1").orElseThrow();
            assertEquals(hostile, u1.body());
            assertEquals(hostile, u1.draft().content());
            assertEquals(2, app.drafts().all().size());
            // workspace created (policy.changed) + imported + evaluated per draft
            assertEquals(5, app.audit().size());
            assertTrue(app.audit().forDraft("u1").get(0).line().contains(hostile));
            assertEquals(AuditVerification.passed(5), app.audit().verify());
        }
    }

    @Test
    void reimportingTheSameFileIsIdempotent() {
        try (Countersign app = open()) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            long before = app.audit().size();
            ImportReport again = importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "changed text"));
            assertEquals(0, again.imported());
            assertEquals(List.of("a", "b"), again.alreadyPresent());
            assertEquals(before, app.audit().size());
            assertEquals("Hi", app.drafts().find("b").orElseThrow().body());
        }
    }

    @Test
    void auditRowsCannotBeUpdatedOrDeletedThroughSql() {
        try (Countersign app = open()) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            var jdbi = app.workspace().jdbi();
            UnableToExecuteStatementException update = assertThrows(UnableToExecuteStatementException.class,
                    () -> jdbi.useHandle(h -> h.execute("UPDATE audit_entry SET line = 'x' WHERE seq = 1")));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(UnableToExecuteStatementException.class,
                    () -> jdbi.useHandle(h -> h.execute("DELETE FROM audit_entry WHERE seq = 1")));
            assertTrue(app.audit().verify().ok());
        }
    }

    @Test
    void verifyNamesTheFirstRowChangedWithPlainSql() {
        try (Countersign app = open()) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            var jdbi = app.workspace().jdbi();
            jdbi.useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_update");
                h.execute("UPDATE audit_entry SET line = REPLACE(line, 'Hello', 'Hellp') WHERE seq = 1");
            });
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertEquals(1, v.firstBrokenSeq());
            assertTrue(v.problem().contains("hash chain broken"), v.problem());
        }
    }

    @Test
    void verifyNamesARowWhoseLookUpColumnsWereChangedBesideItsLine() {
        String[][] changes = {{"draft_id = 'elsewhere'", "draft_id"}, {"type = 'draft.viewed'", "type"},
                {"actor_id = 'mallory'", "actor_id"}, {"actor_kind = 'robot'", "actor_kind"}, {"ts = '2020-01-01T00:00:00Z'", "ts"}};
        for (String[] c : changes) {
            Path ws = home.resolve(c[1]);
            try (Countersign app = Countersign.open(ws, false, Clock.systemUTC())) {
                io.countersign.TestWorkspaces.withTestIdentities(app);
                importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
                long seq = app.audit().forDraft("b").get(0).seq();
                app.workspace().jdbi().useHandle(h -> {
                    h.execute("DROP TRIGGER audit_entry_no_update");
                    h.execute("UPDATE audit_entry SET " + c[0] + " WHERE seq = " + seq);
                });
                AuditVerification v = app.audit().verify();
                assertFalse(v.ok(), c[1]);
                assertEquals(seq, v.firstBrokenSeq());
                assertTrue(v.problem().contains("its " + c[1] + " column says something other than its line"), v.problem());
            }
        }
    }

    @Test
    void verifyDetectsDeletedInsertedAndReorderedRows() {
        try (Countersign app = open()) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            var jdbi = app.workspace().jdbi();
            jdbi.useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_update");
                h.execute("DROP TRIGGER audit_entry_no_delete");
            });
            // reorder: swap the lines of rows 2 and 3
            List<AuditEntry> rows = app.audit().read(0, 10);
            jdbi.useHandle(h -> {
                h.createUpdate("UPDATE audit_entry SET line = :l WHERE seq = 2").bind("l", rows.get(3).line()).execute();
                h.createUpdate("UPDATE audit_entry SET line = :l WHERE seq = 3").bind("l", rows.get(2).line()).execute();
            });
            assertEquals(2, app.audit().verify().firstBrokenSeq());
            jdbi.useHandle(h -> {
                h.createUpdate("UPDATE audit_entry SET line = :l WHERE seq = 2").bind("l", rows.get(2).line()).execute();
                h.createUpdate("UPDATE audit_entry SET line = :l WHERE seq = 3").bind("l", rows.get(3).line()).execute();
            });
            assertTrue(app.audit().verify().ok());
            // delete a middle row
            jdbi.useHandle(h -> h.execute("DELETE FROM audit_entry WHERE seq = 2"));
            AuditVerification deleted = app.audit().verify();
            assertEquals(2, deleted.firstBrokenSeq());
            assertTrue(deleted.problem().startsWith("missing"), deleted.problem());
        }
    }

    @Test
    void verifyDetectsRowsRemovedFromTheEnd() {
        try (Countersign app = open()) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            long size = app.audit().size();
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_delete");
                h.execute("DELETE FROM audit_entry WHERE seq = " + (size - 1));
            });
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("confirmed up to " + size), v.problem());
        }
    }

    @Test
    void aSecondInstanceGetsAClearMessage() {
        try (Countersign app = open()) {
            WorkspaceException e = assertThrows(WorkspaceException.class, this::open);
            assertTrue(e.getMessage().contains("already open in another Countersign"), e.getMessage());
        }
        try (Countersign again = open()) {
            assertTrue(again.audit().verify().ok());
        }
    }

    @Test
    void theSchemaVersionTheFastOpenChecksIsTheHighestMigration() throws Exception {
        int highest = 0;
        for (String dir : List.of("/db/migration", "/io/countersign/adapters/persistence/migration")) {
            try (var files = java.nio.file.Files.list(Path.of(getClass().getResource(dir).toURI()))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^V(\\d+)__.*").matcher(f.getFileName().toString());
                    if (m.matches()) {
                        highest = Math.max(highest, Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        assertEquals(highest, Workspace.SCHEMA_VERSION, "raise Workspace.SCHEMA_VERSION with each new migration");
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            assertTrue(app.workspace().schemaIsCurrent(), "a workspace just made is at the version the fast open checks");
        }
    }

    @Test
    void aWorkspaceFromANewerSchemaIsRefusedUntouched() {
        try (Countersign app = open()) {
            app.workspace().jdbi().useHandle(h -> h.execute(
                    "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                            + "\"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                            + "VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'test', 0, TRUE)"));
        }
        WorkspaceException e = assertThrows(WorkspaceException.class, this::open);
        assertTrue(e.getMessage().contains("newer Countersign (schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"));
    }

    @Test
    void aWorkspaceFromANewerSchemaIsNotReadEither() {
        // A reading command (audit verify, queue) of an older build must not read tables a newer one reshaped.
        try (Countersign app = open()) {
            app.workspace().jdbi().useHandle(h -> h.execute(
                    "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                            + "\"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                            + "VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'test', 0, TRUE)"));
        }
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Countersign.openReadOnly(home, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("newer Countersign (schema version 99"), e.getMessage());
    }

    @Test
    void aBrokenPolicyFileStopsOpeningWithItsLocation() throws Exception {
        try (Countersign app = open()) {
            assertEquals(ReviewStatus.PENDING, ReviewStatus.PENDING);
        }
        java.nio.file.Files.writeString(home.resolve("policy.yaml"), "version: 1\nrules:\n  placeholder: [oops\n");
        WorkspaceException e = assertThrows(WorkspaceException.class, this::open);
        assertTrue(e.getMessage().contains("policy.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    }

    @Test
    void aChangedPolicyIsRecordedAndPendingDraftsAreReevaluated() throws Exception {
        try (Countersign app = io.countersign.TestWorkspaces.withTestIdentities(open())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello Dana, act now"));
            assertEquals("require_approval", app.drafts().find("a").orElseThrow().decision().decision().wireName());
        }
        java.nio.file.Files.writeString(home.resolve("policy.yaml"), "version: 3\nphrase-lists:\n  - id: x\n    phrases: [hello]\n");
        try (Countersign app = open()) {
            QueuedDraft a = app.drafts().find("a").orElseThrow();
            assertEquals("block", a.decision().decision().wireName());
            assertTrue(a.decision().policyVersion().startsWith("3+sha256:"));
            AuditEntry changed = app.audit().latest("policy.changed").orElseThrow();
            assertTrue(changed.text("previousPolicyVersion").startsWith("2+sha256:"));
            assertTrue(java.nio.file.Files.exists(home.resolve("policies").resolve(app.policy().sha256()).resolve("policy.yaml")));
            assertTrue(app.audit().verify().ok());
        }
    }
}
