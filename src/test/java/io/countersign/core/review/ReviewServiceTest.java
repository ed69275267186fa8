package io.countersign.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.app.Countersign;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.dispatch.SendGate;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewServiceTest {

    @TempDir
    Path home;
    private Countersign app;
    private ReviewService review;

    @BeforeEach
    void setUp() {
        app = io.countersign.TestWorkspaces.open(home, Clock.systemUTC());
        review = app.review();
        String lines = String.join("\n",
                TestDrafts.jsonLine("clean", "Hi Dana, worth a chat about SDR ramp?"),
                TestDrafts.jsonLine("blocked", "Hi Dana, results are guaranteed."),
                TestDrafts.jsonLine("pressure", "Hi Dana, last chance to join the pilot.")) + "\n";
        app.importer().importBytes("t.jsonl", lines.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private JsonNode lastEvent(String draftId) {
        List<AuditEntry> trail = app.audit().forDraft(draftId);
        return trail.get(trail.size() - 1).json();
    }

    @Test
    void approvingRecordsTheNamedHumanAndMakesTheDraftSendable() {
        QueuedDraft q = review.approve("clean", "alice", false);
        assertEquals(ReviewStatus.APPROVED, q.status());
        assertEquals(Decision.ALLOW, SendGate.evaluateSend(q).decision());
        JsonNode e = lastEvent("clean");
        assertEquals("draft.approved", e.get("type").asText());
        assertEquals("human", e.get("actor").get("kind").asText());
        assertEquals("alice", e.get("approvedBy").asText());
        assertEquals("maria.linkedin", e.get("identityId").asText());
        assertEquals("L-clean", e.get("leadId").asText());
        assertEquals("Hi Dana, worth a chat about SDR ramp?", e.get("final").asText());
        assertEquals("Hi Dana, worth a chat about SDR ramp?", e.get("draft").asText());
        assertTrue(e.get("policyVersion").asText().startsWith("2+sha256:"));
        ReviewException twice = assertThrows(ReviewException.class, () -> review.approve("clean", "bob", false));
        assertTrue(twice.getMessage().contains("already approved by alice"));
    }

    @Test
    void nothingIsSendableWithoutApproval() {
        QueuedDraft pending = app.drafts().find("clean").orElseThrow();
        assertEquals(Decision.REQUIRE_APPROVAL, SendGate.evaluateSend(pending).decision());
        assertEquals(Decision.BLOCK, SendGate.evaluateSend(app.drafts().find("blocked").orElseThrow()).decision());
    }

    @Test
    void aBlockedDraftCannotBeApproved() {
        ReviewException e = assertThrows(ReviewException.class, () -> review.approve("blocked", "alice", true));
        assertTrue(e.getMessage().startsWith("Cannot approve: Unverifiable promise"), e.getMessage());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("blocked").orElseThrow().status());
    }

    @Test
    void requireApprovalFindingsMustBeAcknowledged() {
        assertThrows(ReviewException.class, () -> review.approve("pressure", "alice", false));
        review.approve("pressure", "alice", true);
        JsonNode e = lastEvent("pressure");
        assertEquals("pressure", e.get("acknowledged").get(0).get("rule").asText());
    }

    @Test
    void anEditThatRemovesTheFindingMakesABlockedDraftApprovable() {
        QueuedDraft edited = review.edit("blocked", "alice", "", "Hi Dana, results vary by team.", null);
        assertEquals(Decision.ALLOW, edited.decision().decision());
        JsonNode e = lastEvent("blocked");
        assertEquals("draft.edited", e.get("type").asText());
        assertEquals("Hi Dana, results are guaranteed.", e.get("previousText").asText());
        assertEquals("Hi Dana, results vary by team.", e.get("final").asText());
        assertEquals("Hi Dana, results are guaranteed.", e.get("draft").asText());
        QueuedDraft approved = review.approve("blocked", "alice", false);
        assertEquals("Hi Dana, results vary by team.", approved.body());
        assertEquals("Hi Dana, results are guaranteed.", approved.draft().content());
    }

    @Test
    void rejectionNeedsAReasonAndANamedReviewer() {
        assertThrows(ReviewException.class, () -> review.reject("clean", "alice", "  "));
        assertThrows(ReviewException.class, () -> review.reject("clean", " ", "off-brand"));
        QueuedDraft r = review.reject("clean", "alice", "Off-brand tone");
        assertEquals(ReviewStatus.REJECTED, r.status());
        assertEquals("Off-brand tone", lastEvent("clean").get("reason").asText());
        assertEquals(Decision.BLOCK, SendGate.evaluateSend(r).decision());
    }

    @Test
    void staleWritesAreRefused() {
        QueuedDraft stale = app.drafts().find("clean").orElseThrow();
        review.edit("clean", "alice", "", "Hi Dana, new text", null);
        QueuedDraft conflicting = new QueuedDraft(stale.draft(), "", "other", stale.decision(), stale.status(), "", "",
                stale.updatedAt(), stale.revision() + 1);
        assertThrows(DraftStore.ConcurrentChangeException.class,
                () -> app.drafts().update(conflicting, List.of()));
        assertEquals("Hi Dana, new text", app.drafts().find("clean").orElseThrow().body());
    }

    @Test
    void fixesAreAppliedWithoutDoubleSpaces() {
        QueuedDraft q = app.drafts().find("blocked").orElseThrow();
        var finding = q.decision().findings().get(0);
        String fixed = FixApplier.apply(q.body(), finding, finding.fixes().get(0));
        assertEquals("Hi Dana, results are.", fixed);
        assertEquals("a c", FixApplier.apply("a b c",
                new io.countersign.core.policy.Finding("r", io.countersign.core.policy.Severity.BLOCK,
                        io.countersign.core.policy.TextField.BODY, 2, 3, "m", List.of()),
                io.countersign.core.policy.Fix.replaceWith("x", "")));
    }

    private static String remove(String text, String phrase) {
        int at = text.indexOf(phrase);
        return FixApplier.apply(text, new io.countersign.core.policy.Finding("r", io.countersign.core.policy.Severity.BLOCK,
                io.countersign.core.policy.TextField.BODY, at, at + phrase.length(), "m", List.of()),
                io.countersign.core.policy.Fix.replaceWith("x", ""));
    }

    @Test
    void removingAPhraseTakesItsDanglingClauseAlong() {
        // Before: "Hi Dana, this is: our pricing changes Monday."
        assertEquals("Hi Dana, our pricing changes Monday.", remove("Hi Dana, this is urgent: our pricing changes Monday.", "urgent"));
        assertEquals("Our pricing changes Monday.", remove("This is urgent: our pricing changes Monday.", "urgent"));
        assertEquals("Thanks. Our pricing changes.", remove("Thanks. Act now \u2014 our pricing changes.", "Act now"));
        assertEquals("Hi Dana, \u00e9t\u00e9 pricing.", remove("Hi Dana, it's urgent; \u00e9t\u00e9 pricing.", "urgent"));
        // A long clause keeps its words; only the phrase goes.
        assertEquals("We think the new pricing is, as you know, fair.",
                remove("We think the new pricing is urgent, as you know, fair.", " urgent").replace("is,", "is,"));
        assertEquals("a c", remove("a b c", "b"));
    }
}
