package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.AuditHashes;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.AuditVerifier;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.audit.note.SignedNote;
import io.countersign.core.importing.DraftFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed checkpoint after every append batch, checked by {@code audit verify}: a rewrite that
 * recomputes every chain hash and the head file — which the chain alone cannot see — no longer
 * verifies, nor does a cut log or a checkpoint not signed by the workspace's key.
 */
class CheckpointTest {

    @TempDir
    Path home;

    private static void importLines(Countersign app, String... lines) {
        app.importer().importBytes("t.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                DraftFileReader.Format.JSONL);
    }

    private static List<Map<String, Object>> checkpoints(Countersign app) {
        return app.workspace().jdbi().withHandle(h -> h.createQuery("SELECT size, root, note FROM audit_checkpoint ORDER BY size")
                .mapToMap().list());
    }

    @Test
    void eachBatchIsFollowedByACheckpointSignedWithTheLogKeyThatVerifies() {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            app.review().approve("a", "alice", true);
            List<Map<String, Object>> cps = checkpoints(app);
            assertTrue(cps.size() >= 3, cps.toString());
            Map<String, Object> last = cps.get(cps.size() - 1);
            assertEquals(app.audit().size(), ((Number) last.get("size")).longValue(), "the last batch's checkpoint covers the log");
            NoteKey key = NoteKey.parseVkey(app.auditBundles().vkey());
            SignedNote note = SignedNote.parse((String) last.get("note"));
            assertTrue(note.verifiedBy(key));
            assertEquals(app.audit().size(), Checkpoint.parse(note).size());
            List<byte[]> leaves = new ArrayList<>();
            app.audit().read(0, 10_000).forEach(e -> leaves.add(AuditHashes.leafHash(e.line())));
            assertTrue(java.util.Arrays.equals(MerkleTree.root(leaves), (byte[]) last.get("root")));
            AuditVerification v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
        }
    }

    @Test
    void aRewriteWithEveryChainHashAndTheHeadRecomputedIsCaughtByTheSignedCheckpoints() throws Exception {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            app.review().approve("a", "alice", true);
            long target = app.audit().forDraft("a").stream().filter(e -> e.type().equals("draft.imported")).findFirst()
                    .orElseThrow().seq();
            // The insider: the imported text rewritten, every chain hash after it recomputed, head rewritten.
            // (A rewritten approval is caught before that by its reviewer's signature: SignedDecisionsTest.)
            rewrite(app, home, target, "\"Hello\"", "\"Hullo\"");
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok(), "the chain alone would say OK here");
            assertTrue(v.problem().contains("has the root") && v.problem().contains("but the entries hash to"), v.problem());
        }
    }

    @Test
    void aCutLogAndACheckpointNotSignedByTheLogKeyAreCaught() throws Exception {
        try (Countersign app = TestWorkspaces.open(home.resolve("cut"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            long size = app.audit().size();
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_delete");
                h.execute("DELETE FROM audit_entry WHERE seq = " + (size - 1));
            });
            // the head file is moved back too: only the checkpoint still remembers the last entry
            var rows = app.audit().read(0, 10_000);
            new AuditHeadFile(home.resolve("cut").resolve("audit.head")).write(new AuditVerifier.Head(rows.size(),
                    rows.get(rows.size() - 1).chainHash()));
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("a signed checkpoint covers " + size), v.problem());
        }
        try (Countersign app = TestWorkspaces.open(home.resolve("forged"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            NoteKey mallory = NoteKey.fromSeed(NoteKey.parseVkey(app.auditBundles().vkey()).name(), new byte[32]);
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_checkpoint_no_update");
                var last = h.createQuery("SELECT size, root FROM audit_checkpoint ORDER BY size DESC LIMIT 1").mapToMap().one();
                String forged = new Checkpoint(mallory.name(), ((Number) last.get("size")).longValue(), (byte[]) last.get("root"))
                        .sign(mallory).format();
                h.createUpdate("UPDATE audit_checkpoint SET note = :n WHERE size = :s").bind("n", forged)
                        .bind("s", last.get("size")).execute();
            });
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("is not signed by this workspace's log key"), v.problem());
        }
    }

    @Test
    void afterAnAcknowledgedCutTheLogGrowsAgainPastTheOldCheckpointsAndVerifies() {
        Path ws = home.resolve("regrow");
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"), TestDrafts.jsonLine("c", "Hey"));
        }
        long cutAt;
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(ws, false, Clock.systemUTC()))) {
            cutAt = app.audit().size() - 3;
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_delete");
                h.execute("DELETE FROM audit_entry WHERE seq >= " + (app.audit().size() - 3));
            });
        }
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(ws, false, Clock.systemUTC()))) {
            assertFalse(app.audit().verify().ok(), "the cut is found");
            app.auditIntegrity().acknowledge(io.countersign.core.audit.Actor.human("ana"), "restored from a backup", null);
            importLines(app, TestDrafts.jsonLine("d", "Yo"), TestDrafts.jsonLine("e", "Hi there"), TestDrafts.jsonLine("f", "Hello again"));
            assertTrue(app.audit().size() > cutAt + 3, "grown past the old checkpoints' sizes");
            AuditVerification v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
        }
    }

    /** Rewrites one entry and recomputes every chain hash and the head, as an insider with database access can. */
    private static void rewrite(Countersign app, Path ws, long target, String from, String to) {
        rewrite(app, ws, target, from, to, null);
    }

    /** @param columns an extra {@code SET} clause for the rewritten row (its look-up columns made to match), or null */
    private static void rewrite(Countersign app, Path ws, long target, String from, String to, String columns) {
        app.workspace().jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER IF EXISTS audit_entry_no_update");
            var rows = h.createQuery("SELECT seq, line FROM audit_entry ORDER BY seq").mapToMap().list();
            byte[] chain = AuditHashes.GENESIS;
            for (var r : rows) {
                long seq = ((Number) r.get("seq")).longValue();
                String line = (String) r.get("line");
                if (seq == target) {
                    line = line.replace(from, to);
                    h.createUpdate("UPDATE audit_entry SET line = :l" + (columns == null ? "" : ", " + columns) + " WHERE seq = :s")
                            .bind("l", line).bind("s", seq).execute();
                }
                chain = AuditHashes.chain(chain, AuditHashes.leafHash(line));
                h.createUpdate("UPDATE audit_entry SET chain_hash = :c WHERE seq = :s").bind("c", chain).bind("s", seq).execute();
            }
            new AuditHeadFile(ws.resolve("audit.head")).write(new AuditVerifier.Head(rows.size(), chain));
        });
    }

    @Test
    void anAcknowledgementDoesNotSwitchOffTheCheckOfLaterHistory() {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            long edited = app.audit().forDraft("a").get(0).seq();
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_entry_no_update");
                h.execute("UPDATE audit_entry SET line = REPLACE(line, 'Hello', 'Howdy') WHERE seq = " + edited);
            });
            assertFalse(app.audit().verify().ok());
            app.auditIntegrity().verify();
            app.auditIntegrity().acknowledge(io.countersign.core.audit.Actor.human("ana"), "test edit", null);
            importLines(app, TestDrafts.jsonLine("c", "Hey"), TestDrafts.jsonLine("d", "Yo"));
            AuditVerification ok = app.audit().verify();
            assertTrue(ok.ok(), "the acknowledged row is passed over: " + ok.summary());
            long later = app.audit().forDraft("d").get(0).seq();
            rewrite(app, home, later, "\"Yo\"", "\"Ya\"");
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok(), "a rewrite after the acknowledgement is still caught by the checkpoints signed since");
            assertTrue(v.problem().contains("has the root"), v.problem());
        }
    }

    @Test
    void deletingTheNewestCheckpointsToHideARewriteIsCaughtAndNothingMoreIsSigned() {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            long m = app.audit().size();
            importLines(app, TestDrafts.jsonLine("b", "Hi"));
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_checkpoint_no_delete");
                h.execute("DELETE FROM audit_checkpoint WHERE size > " + m);
            });
            rewrite(app, home, app.audit().forDraft("b").get(0).seq(), "\"Hi\"", "\"Hey\"");
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("not covered by a signed checkpoint"), v.problem());
        }
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> app.review().approve("a", "alice", true), "the app does not sign the rewritten entries");
            assertTrue(String.valueOf(refused.getMessage()).contains("not covered by a signed checkpoint")
                    || String.valueOf(refused.getMessage()).contains("does not verify"), refused.getMessage());
        }
    }

    @Test
    void aWorkspaceFromBeforeCheckpointsGetsItsFirstOneFromTheWholeLogAtItsNextAppend() {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi"));
            app.signing().create("alice", TestWorkspaces.PASSPHRASE.toCharArray());
            app.workspace().jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER audit_checkpoint_no_delete");
                h.execute("DELETE FROM audit_checkpoint"); // as a workspace made before V14 has none
            });
        }
        try (Countersign app = io.countersign.TestWorkspaces.withReviewerKeys(Countersign.open(home, false, Clock.systemUTC()))) {
            app.review().approve("a", "alice", true);
            List<Map<String, Object>> cps = checkpoints(app);
            assertEquals(1, cps.size());
            assertEquals(app.audit().size(), ((Number) cps.get(0).get("size")).longValue());
            assertTrue(app.audit().verify().ok());
        }
    }
}
