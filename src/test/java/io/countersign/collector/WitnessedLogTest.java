package io.countersign.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditHashes;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.AuditVerifier;
import io.countersign.core.audit.bundle.BundleVerifier;
import io.countersign.core.audit.merkle.MerkleTree;
import io.countersign.core.audit.note.Checkpoint;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.sync.CollectorRefusal;
import io.countersign.core.sync.SyncService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device and a collector on H2 over real HTTP: enrol with a one-time token, push, get every
 * checkpoint cosigned; a resend is a no-op; the collector's export verifies; an insider who
 * rewrites history locally — every chain hash, the head and every checkpoint re-signed with the
 * device's own key — fails {@code audit verify} (the cosignatures) and is refused at the next push
 * with the first conflicting entry named and an alert recorded; an unreachable collector leaves the
 * device offline with its log untouched.
 */
class WitnessedLogTest {

    @TempDir
    Path tmp;

    private static void importLines(Countersign app, String... lines) {
        app.importer().importBytes("t.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                DraftFileReader.Format.JSONL);
    }

    @Test
    void aDeviceIsWitnessedAndARewriteOfItsHistoryIsCaughtLocallyAndRefusedCentrally() throws Exception {
        Path data = tmp.resolve("collector");
        Path ws = tmp.resolve("ws");
        try (CollectorDatabase db = CollectorDatabase.open(data, null, null, null);
             Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            Collector collector = new Collector(db, CollectorKey.loadOrCreate(data, "witness.test/c1"), Clock.systemUTC());
            CollectorServer server = new CollectorServer(collector, "127.0.0.1", 0, null).start();
            String endpoint = "http://127.0.0.1:" + server.port();
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"));
            app.review().approve("a", "alice", true);

            String token = collector.newEnrollmentToken("alice-laptop");
            SyncService sync = app.sync();
            assertThrows(IllegalArgumentException.class, () -> sync.enroll(endpoint, token,
                    io.countersign.core.audit.note.Cosigner.fromSeed("other/c", new byte[32]).vkey(), Actor.human("alice")),
                    "a collector presenting another key than the pinned one is not enrolled with");
            sync.enroll(endpoint, token, collector.key().vkey(), Actor.human("alice")); // the refused attempt did not spend it
            assertThrows(IllegalStateException.class, () -> sync.enroll(endpoint, token, null, Actor.human("alice")),
                    "a device enrols once");

            SyncService.Pushed first = sync.push();
            assertTrue(first.complete(), first.toString());
            assertEquals(app.audit().size(), first.sent(), "the whole log, its enrolment entry included");
            assertEquals(0, sync.status().pending());
            assertEquals(0, sync.push().sent(), "nothing new: nothing sent");

            importLines(app, TestDrafts.jsonLine("c", "Good morning"));
            SyncService.Pushed more = sync.push();
            assertTrue(more.complete());
            assertTrue(more.sent() > 0);

            AuditVerification ok = app.audit().verify();
            assertTrue(ok.ok(), ok.summary());

            // The collector's export is a bundle of the device's log, verifiable against the device key.
            Path bundle = tmp.resolve("bundle");
            collector.export("alice-laptop", bundle);
            BundleVerifier.Result r = BundleVerifier.verify(bundle, app.auditBundles().vkey(), null);
            assertTrue(r.ok(), r.summary());
            assertEquals(app.audit().size(), r.size());

            // The insider: rewrite entry 1, recompute every chain hash and the head, re-sign every checkpoint.
            long target = app.audit().forDraft("b").get(0).seq();
            rewriteEverything(app, ws, target, "Hi there", "Hi THERE");
            AuditVerification caught = app.audit().verify();
            assertFalse(caught.ok(), "re-signed local checkpoints are not enough: the collector's cosignatures disagree");
            assertTrue(caught.problem().contains("collector witnessed"), caught.problem());

            importLines(app, TestDrafts.jsonLine("d", "Another one"));
            CollectorRefusal refused = assertThrows(CollectorRefusal.class, sync::push);
            assertTrue(refused.conflict(), refused.getMessage());
            assertEquals(target, refused.conflictIndex(), refused.getMessage());
            assertEquals(target, sync.status().lastAttempt().orElseThrow().conflictIndex());
            var alerts = collector.alerts();
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals(target, alerts.get(0).index());
            assertEquals("alice-laptop", alerts.get(0).device());
            assertThrows(CollectorRefusal.class, sync::push);
            assertEquals(1, collector.alerts().size(), "a device retrying does not flood the alerts");

            server.close();
            assertThrows(IOException.class, sync::push, "an unreachable collector");
            assertTrue(sync.status().lastAttempt().orElseThrow().error().startsWith("offline"));
        }
    }

    /** What an insider with the workspace's files can do: rewrite a line, every chain hash, the head, every checkpoint. */
    private static void rewriteEverything(Countersign app, Path ws, long target, String from, String to) {
        char[] secret = app.workspace().credentials().get("@device-log-key").orElseThrow();
        String s = new String(secret);
        NoteKey key = NoteKey.fromSeed(s.substring(0, s.indexOf('\n')), Base64.getDecoder().decode(s.substring(s.indexOf('\n') + 1)));
        app.workspace().jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER IF EXISTS audit_entry_no_update");
            h.execute("DROP TRIGGER IF EXISTS audit_checkpoint_no_update");
            var rows = h.createQuery("SELECT seq, line FROM audit_entry ORDER BY seq").mapToMap().list();
            var sizes = h.createQuery("SELECT id, size FROM audit_checkpoint").mapToMap().list();
            byte[] chain = AuditHashes.GENESIS;
            MerkleTree.Builder tree = new MerkleTree.Builder();
            java.util.Map<Long, byte[][]> atSize = new java.util.HashMap<>();
            for (var r : rows) {
                long seq = ((Number) r.get("seq")).longValue();
                String line = (String) r.get("line");
                if (seq == target) {
                    line = line.replace(from, to);
                    h.createUpdate("UPDATE audit_entry SET line = :l WHERE seq = :s").bind("l", line).bind("s", seq).execute();
                }
                chain = AuditHashes.chain(chain, AuditHashes.leafHash(line));
                h.createUpdate("UPDATE audit_entry SET chain_hash = :c WHERE seq = :s").bind("c", chain).bind("s", seq).execute();
                tree.addLeafHash(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8)));
                atSize.put(tree.size(), new byte[][]{tree.root(), tree.frontier()});
            }
            for (var c : sizes) {
                long size = ((Number) c.get("size")).longValue();
                byte[][] t = atSize.get(size);
                h.createUpdate("UPDATE audit_checkpoint SET root = :r, frontier = :f, note = :n WHERE id = :id")
                        .bind("r", t[0]).bind("f", t[1]).bind("n", new Checkpoint(key.name(), size, t[0]).sign(key).format())
                        .bind("id", ((Number) c.get("id")).longValue()).execute();
            }
            io.countersign.adapters.persistence.TestHeads.write(ws, new AuditVerifier.Head(rows.size(), chain));
        });
    }
}
