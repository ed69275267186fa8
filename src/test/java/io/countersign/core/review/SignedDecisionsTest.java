package io.countersign.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditVerification;
import io.countersign.core.audit.DecisionSignatures;
import io.countersign.core.audit.note.NoteKey;
import io.countersign.core.dispatch.SendGate;
import io.countersign.core.importing.DraftFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every approval and rejection by a person is signed with that reviewer's key: it verifies, and
 * what an insider with the workspace's files and code can write — an approval appended through the
 * app's own write path (chain, head and checkpoint all correct) without the reviewer's key, one
 * signed with another key, an approval whose text was changed after signing — fails
 * {@code audit verify} naming the entry, and the send gate refuses to send it.
 */
class SignedDecisionsTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void importLines(Countersign app, String... lines) {
        app.importer().importBytes("t.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                DraftFileReader.Format.JSONL);
    }

    private static AuditEntry decision(Countersign app, String draft, String type) {
        return app.audit().forDraft(draft).stream().filter(e -> e.type().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void decisionsAreSignedByTheReviewersKeyAndVerify() throws Exception {
        try (Countersign app = TestWorkspaces.open(tmp.resolve("ws"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"));
            app.review().approve("a", "alice", true);
            app.review().reject("b", "alice", "Not now");
            AuditEntry key = app.audit().ofType("reviewer.key-added").get(0);
            assertEquals("alice", key.actorId());
            JsonNode approval = decision(app, "a", "draft.approved").json();
            JsonNode sig = approval.get("signature");
            assertEquals("ed25519", sig.get("alg").asText());
            assertEquals(key.json().get("key").asText(), sig.get("key").asText());
            byte[] statement = DecisionSignatures.Decision.of(approval).statement();
            assertTrue(new String(statement, StandardCharsets.UTF_8).startsWith("countersign-decision/v1\n{\"acknowledged\":[],"
                    + "\"decision\":\"approved\",\"draftId\":\"a\",\"finalSha256\":\""), new String(statement, StandardCharsets.UTF_8));
            assertTrue(new String(statement, StandardCharsets.UTF_8).contains("\"identityId\":\"maria.linkedin\""));
            NoteKey pub = NoteKey.verifierOnly("x", Base64.getDecoder().decode(key.json().get("publicKey").asText()));
            assertTrue(pub.verify(statement, Base64.getDecoder().decode(sig.get("sig").asText())), "anyone can check it with the logged key");
            assertTrue(decision(app, "b", "draft.rejected").json().has("signature"));
            AuditVerification v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
            assertInstanceOf(SendGate.Verified.class, SendGate.approvalOf("a", app.audit()));

            // The key file: sealed, owner-only, no seed in clear; a wrong passphrase opens nothing.
            Path file = Files.list(tmp.resolve("ws").resolve("reviewers")).findFirst().orElseThrow();
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            JsonNode stored = JSON.readTree(file.toFile());
            assertEquals("argon2id", stored.path("kdf").path("alg").asText());
            assertFalse(stored.has("seed") || stored.has("privateKey"), stored.toString());
            app.signing().lock("alice");
            app.signing().passphrases((r, creating) -> java.util.Optional.of("wrong passphrase".toCharArray()));
            importLines(app, TestDrafts.jsonLine("c", "Good day"));
            ReviewException wrong = assertThrows(ReviewException.class, () -> app.review().approve("c", "alice", true));
            assertEquals("wrong passphrase for alice's signing key", wrong.getMessage());
            assertEquals(io.countersign.core.draft.ReviewStatus.PENDING, app.drafts().find("c").orElseThrow().status());
        }
    }

    @Test
    void aLockedKeyRefusesTheDecisionAndSaysHowToUnlockIt() {
        try (Countersign app = Countersign.open(tmp.resolve("ws"), false, Clock.systemUTC())) {
            TestWorkspaces.withTestIdentities(app);
            importLines(app, TestDrafts.jsonLine("a", "Hello"));
            ReviewException none = assertThrows(ReviewException.class, () -> app.review().approve("a", "carol", true));
            assertTrue(none.getMessage().startsWith("carol has no signing key yet"), none.getMessage());
            assertThrows(IllegalArgumentException.class, () -> app.signing().create("carol", "short".toCharArray()));
            app.signing().create("carol", TestWorkspaces.PASSPHRASE.toCharArray());
            app.signing().lock("carol");
            ReviewException locked = assertThrows(ReviewException.class, () -> app.review().approve("a", "carol", true));
            assertTrue(locked.getMessage().startsWith("carol's signing key is locked"), locked.getMessage());
            assertThrows(ReviewerKeys.WrongPassphraseException.class, () -> app.signing().unlock("carol", "not it at all".toCharArray()));
            app.signing().unlock("carol", TestWorkspaces.PASSPHRASE.toCharArray());
            app.review().approve("a", "carol", true);
            assertEquals(1, app.audit().ofType("reviewer.key-added").size(), "unlocking does not register the key again");
            assertTrue(app.audit().verify().ok());
        }
    }

    @Test
    void forgedApprovalsThroughTheAppsOwnWritePathFailVerificationAndAreNotSent() {
        try (Countersign app = TestWorkspaces.open(tmp.resolve("ws"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"), TestDrafts.jsonLine("c", "Good day"));
            app.review().approve("a", "alice", true); // alice has a key now
            QueuedDraft b = app.drafts().find("b").orElseThrow();
            // 1. Unsigned, as alice: appended with a correct chain, head and signed checkpoint.
            app.workspace().unitOfWork().writeAll(w -> w.audit(DraftEvents.approved(b.decided(io.countersign.core.draft.ReviewStatus.APPROVED,
                    b.decision(), "alice", "", java.time.Instant.now()), Actor.human("alice"), List.of(), null)));
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("the approval of draft b by alice is not signed"), v.problem());
            assertEquals(decision(app, "b", "draft.approved").seq(), v.firstBrokenSeq());
            SendGate.Approval gate = SendGate.approvalOf("b", app.audit());
            assertInstanceOf(SendGate.Refused.class, gate);
            assertTrue(((SendGate.Refused) gate).reason().contains("is not signed"), gate.toString());
        }
        try (Countersign app = TestWorkspaces.open(tmp.resolve("ws2"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("c", "Good day"));
            app.review().approve("a", "alice", true);
            // 2. Signed by mallory's own (registered) key, claiming to be alice.
            NoteKey mallory = app.signing().create("mallory", TestWorkspaces.PASSPHRASE.toCharArray());
            QueuedDraft c = app.drafts().find("c").orElseThrow();
            QueuedDraft cApproved = c.decided(io.countersign.core.draft.ReviewStatus.APPROVED, c.decision(), "alice", "", java.time.Instant.now());
            Map<String, Object> sig = DecisionSignatures.sign(mallory, new DecisionSignatures.Decision("approved", "c", cApproved.subject(),
                    cApproved.body(), cApproved.decision().policyVersion(), cApproved.draft().identityId(),
                    DraftEvents.recipientOf(cApproved), List.of(), java.time.Instant.now().toString()));
            app.workspace().unitOfWork().writeAll(w -> w.audit(DraftEvents.approved(cApproved, Actor.human("alice"), List.of(), sig)));
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("the approval of draft c by alice is signed with key " + DecisionSignatures.keyId(mallory.publicKey())
                    + ", which the log never registered for alice"), v.problem());
            assertInstanceOf(SendGate.Refused.class, SendGate.approvalOf("c", app.audit()));
        }
    }

    @Test
    void aFurtherKeyForAReviewerNeedsAnotherReviewersEndorsement() throws Exception {
        Path ws = tmp.resolve("ws");
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"), TestDrafts.jsonLine("c", "Good day"),
                    TestDrafts.jsonLine("d", "Good evening"));
            app.review().approve("a", "alice", true); // alice's first key: taken on first use
            app.review().reject("d", "bob", "Not this week"); // bob has a key too

            // The insider writes a second key for alice (proof of possession and all) and approves with it as alice.
            NoteKey forged = DecisionSignatures.key(NoteKey.newSeed());
            app.workspace().unitOfWork().writeAll(w -> w.audit(DecisionSignatures.keyAdded("alice", forged)));
            QueuedDraft b = app.drafts().find("b").orElseThrow();
            QueuedDraft bApproved = b.decided(io.countersign.core.draft.ReviewStatus.APPROVED, b.decision(), "alice", "", java.time.Instant.now());
            Map<String, Object> sig = DecisionSignatures.sign(forged, new DecisionSignatures.Decision("approved", "b", bApproved.subject(),
                    bApproved.body(), bApproved.decision().policyVersion(), bApproved.draft().identityId(),
                    DraftEvents.recipientOf(bApproved), List.of(), java.time.Instant.now().toString()));
            app.workspace().unitOfWork().writeAll(w -> w.audit(DraftEvents.approved(bApproved, Actor.human("alice"), List.of(), sig)));
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("a further signing key (" + DecisionSignatures.keyId(forged.publicKey()) + ") for 'alice' without "
                    + "an endorsement"), v.problem());
            assertInstanceOf(SendGate.Refused.class, SendGate.approvalOf("b", app.audit()), "the approval signed with it is never sent");

            DecisionSignatures.Keyring ring = new DecisionSignatures.Keyring();
            for (AuditEntry e : app.audit().read(0, 10_000)) {
                ring.accept(e.seq(), e.json());
            }
            assertTrue(ring.key("alice", DecisionSignatures.keyId(forged.publicKey())).isEmpty(), "not registered");
        }

        // A clean workspace where alice lost her key file: a new one is refused without endorsement, made with bob's.
        Path ws2 = tmp.resolve("ws2");
        try (Countersign app = TestWorkspaces.open(ws2, Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("c", "Good day"), TestDrafts.jsonLine("d", "Good evening"));
            app.review().approve("a", "alice", true);
            app.review().reject("d", "bob", "Not this week");
        }
        try (var files = Files.list(ws2.resolve("reviewers"))) {
            for (Path f : files.toList()) {
                if (Files.readString(f).contains("\"alice\"")) {
                    Files.delete(f);
                }
            }
        }
        try (Countersign app = TestWorkspaces.open(ws2, Clock.systemUTC())) {
            assertEquals(ReviewerKeys.State.NONE, app.signing().state("alice"));
            ReviewException refused = assertThrows(ReviewException.class, () -> app.review().approve("c", "alice", true));
            assertTrue(refused.getMessage().contains("must be endorsed by another reviewer's key"), refused.getMessage());
            assertEquals(ReviewerKeys.State.NONE, app.signing().state("alice"), "no key file made for a key the log would refuse");
            assertThrows(ReviewException.class, () -> app.signing().create("alice", "a new passphrase!".toCharArray(), "bob",
                    "not bob's passphrase".toCharArray()));
            assertThrows(ReviewException.class, () -> app.signing().create("alice", "a new passphrase!".toCharArray(), "alice",
                    "a new passphrase!".toCharArray()), "nobody endorses themself");
            NoteKey renewed = app.signing().create("alice", "a new passphrase!".toCharArray(), "bob", TestWorkspaces.PASSPHRASE.toCharArray());
            AuditEntry added = app.audit().latest("reviewer.key-added").orElseThrow();
            assertEquals("bob", added.json().path("endorsement").path("by").asText(), "the log names who vouched for it");
            app.review().approve("c", "alice", true);
            assertEquals(DecisionSignatures.keyId(renewed.publicKey()), decision(app, "c", "draft.approved").json().path("signature")
                    .path("key").asText());
            AuditVerification v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
            assertInstanceOf(SendGate.Verified.class, SendGate.approvalOf("c", app.audit()));
        }
    }

    @Test
    void aWorkspaceFromBeforeSignedDecisionsKeepsItsOldApprovalsAndSignsFromItsNextOpenOn() {
        Path ws = tmp.resolve("old");
        try (Countersign app = Countersign.open(ws, false, Clock.systemUTC())) {
            TestWorkspaces.withTestIdentities(app);
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"));
            QueuedDraft a = app.drafts().find("a").orElseThrow();
            // What the version before signed decisions wrote: an approval without a signature.
            QueuedDraft approved = a.decided(io.countersign.core.draft.ReviewStatus.APPROVED, a.decision(), "alice", "", java.time.Instant.now());
            app.workspace().unitOfWork().writeAll(w -> {
                app.drafts().update(approved, List.of(DraftEvents.approved(approved, Actor.human("alice"), List.of(), null)));
            });
        }
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            List<AuditEntry> marker = app.audit().ofType("audit.decisions-signed");
            assertEquals(1, marker.size(), "the open records where signed decisions begin");
            assertTrue(marker.get(0).seq() > decision(app, "a", "draft.approved").seq());
            AuditVerification v = app.audit().verify();
            assertTrue(v.ok(), v.summary());
            SendGate.Approval old = SendGate.approvalOf("a", app.audit());
            assertInstanceOf(SendGate.Refused.class, old, "an unsigned approval is never sent");
            assertTrue(((SendGate.Refused) old).reason().contains("approve it again to send it"), old.toString());
            app.review().approve("b", "alice", true);
            assertTrue(decision(app, "b", "draft.approved").json().has("signature"));
            assertTrue(app.audit().verify().ok());
        }
        try (Countersign app = TestWorkspaces.open(ws, Clock.systemUTC())) {
            assertEquals(1, app.audit().ofType("audit.decisions-signed").size(), "once per log");
        }
    }

    @Test
    void rowsSlippedInWithPlainSqlBeyondTheSignedCheckpointsAreNeverSent() throws Exception {
        try (Countersign app = TestWorkspaces.open(tmp.resolve("sql"), Clock.systemUTC())) {
            importLines(app, TestDrafts.jsonLine("a", "Hello"), TestDrafts.jsonLine("b", "Hi there"));
            app.review().approve("a", "alice", true);
            // The insider's own key for alice and an approval of b signed with it, appended with correct chain hashes.
            NoteKey mine = DecisionSignatures.key(new byte[32]);
            QueuedDraft b = app.drafts().find("b").orElseThrow();
            QueuedDraft bApproved = b.decided(io.countersign.core.draft.ReviewStatus.APPROVED, b.decision(), "alice", "", java.time.Instant.now());
            var sig = DecisionSignatures.sign(mine, new DecisionSignatures.Decision("approved", "b", bApproved.subject(), bApproved.body(),
                    bApproved.decision().policyVersion(), bApproved.draft().identityId(), DraftEvents.recipientOf(bApproved), List.of(),
                    java.time.Instant.now().toString()));
            List<io.countersign.core.audit.AuditEvent> forged = List.of(DecisionSignatures.keyAdded("alice", mine),
                    DraftEvents.approved(bApproved, Actor.human("alice"), List.of(), sig));
            app.workspace().jdbi().useHandle(h -> {
                var tail = h.createQuery("SELECT seq, chain_hash FROM audit_entry ORDER BY seq DESC LIMIT 1").mapToMap().one();
                long seq = ((Number) tail.get("seq")).longValue();
                byte[] chain = (byte[]) tail.get("chain_hash");
                for (var e : forged) {
                    seq++;
                    String line = e.canonicalLine(seq, java.time.Instant.now());
                    chain = io.countersign.core.audit.AuditHashes.chain(chain, io.countersign.core.audit.AuditHashes.leafHash(line));
                    h.createUpdate("INSERT INTO audit_entry (seq, ts, type, actor_kind, actor_id, draft_id, line, chain_hash) "
                                    + "VALUES (:s, :ts, :t, 'human', 'alice', :d, :l, :c)")
                            .bind("s", seq).bind("ts", JSON.readTree(line).get("ts").asText()).bind("t", e.type())
                            .bind("d", e.type().equals("draft.approved") ? "b" : null).bind("l", line).bind("c", chain).execute();
                }
            });
            SendGate.Approval gate = SendGate.approvalOf("b", app.audit());
            assertInstanceOf(SendGate.Refused.class, gate, "the key and the approval are not covered by a signed checkpoint");
            assertTrue(((SendGate.Refused) gate).reason().contains("not covered by a signed checkpoint"), gate.toString());
            assertInstanceOf(SendGate.Verified.class, SendGate.approvalOf("a", app.audit()), "alice's real approval still sends");
            AuditVerification v = app.audit().verify();
            assertFalse(v.ok(), "and verify names it");
        }
    }

    @Test
    void keyringRulesForLogsBegunBeforeSignedDecisions() throws Exception {
        NoteKey alice = DecisionSignatures.key(new byte[32]);
        String keyAdded = "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"type\":\"reviewer.key-added\",\"reviewer\":\"alice\","
                + "\"key\":\"" + DecisionSignatures.keyId(alice.publicKey()) + "\",\"publicKey\":\""
                + Base64.getEncoder().encodeToString(alice.publicKey()) + "\",\"proof\":\""
                + Base64.getEncoder().encodeToString(alice.sign(DecisionSignatures.keyProofStatement("alice", alice.publicKey()))) + "\"}";
        String unsigned = "{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"type\":\"draft.approved\",\"draftId\":\"d\",\"final\":\"Hi\",\"policyVersion\":\"v1\"}";
        String marker = "{\"actor\":{\"id\":\"countersign\",\"kind\":\"system\"},\"type\":\"audit.decisions-signed\"}";
        String auto = "{\"actor\":{\"id\":\"countersign\",\"kind\":\"system\"},\"type\":\"draft.approved\",\"draftId\":\"e\",\"autosendRule\":\"r1\"}";

        DecisionSignatures.Keyring fresh = new DecisionSignatures.Keyring();
        assertNull(fresh.accept(0, JSON.readTree(auto)), "auto-send approvals name their rule instead");
        assertTrue(fresh.accept(1, JSON.readTree(unsigned)).contains("is not signed"), "a new log signs every decision by a person");

        // A log begun before signed decisions: its marker (found before the entries are fed) excuses what came before it.
        DecisionSignatures.Keyring upgraded = new DecisionSignatures.Keyring(5);
        assertNull(upgraded.accept(1, JSON.readTree(unsigned)), "made before decisions were signed");
        assertNull(upgraded.accept(5, JSON.readTree(marker)));
        assertTrue(upgraded.accept(6, JSON.readTree(unsigned)).contains("is not signed"), "unsigned after the marker");
        assertNull(upgraded.accept(7, JSON.readTree(keyAdded)));
        assertTrue(upgraded.accept(8, JSON.readTree(marker)).startsWith("a second start of signed decisions"),
                "a marker after keys would excuse forged entries before it");

        DecisionSignatures.Keyring late = new DecisionSignatures.Keyring();
        String at = "2026-12-03T10:00:00Z";
        JsonNode signedEarly = JSON.readTree(unsigned.substring(0, unsigned.length() - 1)
                + ",\"ts\":\"2026-12-03T10:00:01Z\",\"signature\":{\"alg\":\"ed25519\",\"key\":\"" + DecisionSignatures.keyId(alice.publicKey())
                + "\",\"signedAt\":\"" + at + "\",\"sig\":\"" + Base64.getEncoder().encodeToString(alice.sign(new DecisionSignatures.Decision(
                "approved", "d", "", "Hi", "v1", "", "", List.of(), at).statement())) + "\"}}");
        assertNull(late.accept(3, JSON.readTree(keyAdded)));
        assertNull(late.problem(signedEarly, 4), "signed with a key registered before it");
        assertTrue(late.problem(signedEarly, 2).contains("registered only later (entry 3)"), late.problem(signedEarly, 2));
        JsonNode changed = JSON.readTree(signedEarly.toString().replace("\"final\":\"Hi\"", "\"final\":\"Hi, buy now\""));
        assertTrue(late.problem(changed, 4).contains("does not verify: the entry was forged or changed after alice signed it"));
        // The same signature copied into a later entry: its signing time gives it away, and a log read in order refuses the repeat.
        JsonNode replayed = JSON.readTree(signedEarly.toString().replace("\"ts\":\"2026-12-03T10:00:01Z\"", "\"ts\":\"2026-12-04T09:00:00Z\""));
        assertTrue(late.problem(replayed, 9).contains("a signature copied from an earlier decision"), late.problem(replayed, 9));
        assertNull(late.accept(4, signedEarly));
        assertTrue(late.accept(5, signedEarly).contains("repeats the signature of an earlier decision"));
        // What the sender relies on is signed: an acknowledgement added afterwards breaks the signature.
        JsonNode acked = JSON.readTree(signedEarly.toString().replace("\"final\":\"Hi\"", "\"final\":\"Hi\",\"acknowledged\":[{\"rule\":\"pressure\"}]"));
        assertTrue(late.problem(acked, 4).contains("does not verify"), late.problem(acked, 4));
        JsonNode noProof = JSON.readTree(keyAdded.replaceFirst("\"proof\":\"[^\"]+\"", "\"proof\":\"AAAA\""));
        assertTrue(new DecisionSignatures.Keyring().accept(0, noProof).contains("no valid proof of possession"));
    }
}
