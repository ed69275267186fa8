package io.countersign.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Do-not-contact end to end on a real workspace: suppression on every channel, and the re-contact window. */
class DoNotContactTest {

    @TempDir
    Path home;
    private Countersign app;

    private static String line(String id, String channel, String identity, String leadId, String email, String url,
                               String company, String content) {
        return "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"identityId\":\"" + identity + "\","
                + "\"lead\":{\"id\":\"" + leadId + "\",\"name\":\"Dana Whitfield\",\"email\":\"" + email + "\","
                + "\"profileUrl\":\"" + url + "\",\"company\":\"" + company + "\"},"
                + (channel.equals("email") ? "\"subject\":\"Hi Dana\"," : "")
                + "\"content\":\"" + content + "\",\"createdBy\":\"agent\",\"createdAt\":\"2026-11-25T09:00:00Z\"}";
    }

    @BeforeEach
    void setUp() {
        app = io.countersign.TestWorkspaces.open(home, Clock.systemUTC());
        String lines = String.join("\n",
                line("email-1", "email", "maria.email", "L1", "Dana@Northwind.example", "https://www.linkedin.com/in/dana/",
                        "Northwind Pay", "Hi Dana, quick one about Northwind Pay. 500 Market Street, San Francisco, CA 94105. Reply stop to opt out."),
                line("li-1", "linkedin", "jonas.linkedin", "L1-li", "", "https://linkedin.com/in/dana", "Northwind Pay",
                        "Hi Dana, would love to connect."),
                line("other", "linkedin", "jonas.linkedin", "L9", "", "https://linkedin.com/in/sam", "Lumen",
                        "Hi Sam, would love to connect.")) + "\n";
        app.importer().importBytes("t.jsonl", lines.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private List<Finding> dnc(String id) {
        return app.drafts().find(id).orElseThrow().decision().findings().stream()
                .filter(f -> f.ruleId().equals("do-not-contact")).toList();
    }

    @Test
    void anObjectionOnOneChannelSuppressesEveryChannelAndIdentity() {
        assertTrue(dnc("li-1").isEmpty());
        int added = app.doNotContact().add(List.of(new Suppression(Suppression.Kind.EMAIL, Suppression.Kind.EMAIL.normalize("dana@northwind.EXAMPLE"),
                "replied STOP", "email-reply", "ana", Instant.now()),
                new Suppression(Suppression.Kind.LINKEDIN, Suppression.Kind.LINKEDIN.normalize("http://www.linkedin.com/in/dana?trk=x"),
                        "replied STOP", "email-reply", "ana", Instant.now())), Actor.human("ana")).added();
        assertEquals(2, added);
        assertEquals(Decision.BLOCK, app.drafts().find("email-1").orElseThrow().decision().decision());
        assertEquals(Decision.BLOCK, app.drafts().find("li-1").orElseThrow().decision().decision());
        assertTrue(dnc("li-1").get(0).message().startsWith("Lead is on the do-not-contact list"), dnc("li-1").toString());
        assertTrue(dnc("other").isEmpty());
        assertThrows(ReviewException.class, () -> app.review().approve("li-1", "ana", true));
        assertEquals("suppression.added", app.audit().read(0, 100).stream().filter(e -> e.type().startsWith("suppression"))
                .findFirst().orElseThrow().type());
        assertEquals(0, app.doNotContact().add(List.of(new Suppression(Suppression.Kind.EMAIL, "dana@northwind.example", "again", "manual", "ana",
                Instant.now())), Actor.human("ana")).added(), "duplicates are not added twice");
        assertTrue(app.audit().verify().ok());
    }

    @Test
    void companyAndDomainEntriesCoverEveryLeadThere() {
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.COMPANY, Suppression.Kind.COMPANY.normalize("Northwind Pay, Inc."),
                "customer asked us to stop", "manual", "ana", Instant.now())), Actor.human("ana"));
        assertEquals(1, dnc("email-1").size());
        assertEquals(1, dnc("li-1").size());
    }

    @Test
    void aLeadContactedRecentlyByAnyIdentityIsBlockedWithTheEarlierMessageNamed() {
        app.review().approve("email-1", "ana", false);
        // li-1 reaches the same person (same LinkedIn URL, another identity and channel)
        List<Finding> f = dnc("li-1");
        assertEquals(1, f.size(), app.drafts().find("li-1").orElseThrow().decision().toString());
        assertTrue(f.get(0).message().startsWith("Already contacted just now by maria.email on email (draft email-1)"),
                f.get(0).message());
        assertEquals(ReviewStatus.PENDING, app.drafts().find("li-1").orElseThrow().status());
        assertThrows(ReviewException.class, () -> app.review().approve("li-1", "ana", true));
        assertTrue(dnc("other").isEmpty());
    }

    @Test
    void draftsImportedLaterSeeTheContactsMadeBeforeWhateverWindowIsAsked() {
        app.review().approve("email-1", "ana", false);
        // Imports read the history of a whole batch at once; it must answer like the one-by-one lookup.
        String later = line("li-2", "linkedin", "jonas.linkedin", "L1-other", "", "https://www.linkedin.com/in/Dana?trk=x",
                "Northwind Pay", "Hi Dana, following up.") + "\n"
                + line("li-3", "linkedin", "jonas.linkedin", "L3", "", "https://linkedin.com/in/someone-else", "Lumen",
                "Hi there.") + "\n";
        app.importer().importBytes("later.jsonl", later.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
        assertTrue(dnc("li-2").get(0).message().startsWith("Already contacted just now by maria.email on email (draft email-1)"),
                dnc("li-2").toString());
        assertTrue(dnc("li-3").isEmpty());

        var history = app.policyContext().history();
        List<io.countersign.core.draft.Lead> leads = app.drafts().findAll(List.of("li-1", "li-2", "li-3", "other")).stream()
                .map(q -> q.draft().lead()).toList();
        var snapshot = history.snapshotFor(leads);
        Instant now = Instant.now();
        for (var lead : leads) {
            for (Instant since : List.of(Instant.EPOCH, now.minusSeconds(3600), now.plusSeconds(60))) {
                for (Instant until : List.of(Instant.MAX, now.minusSeconds(3600))) {
                    for (String excluding : new String[]{null, "email-1", "li-2"}) {
                        assertEquals(history.lastContact(lead, since, until, excluding),
                                snapshot.lastContact(lead, since, until, excluding), lead + " " + since + " " + until + " " + excluding);
                    }
                }
            }
        }
        assertTrue(snapshot.lastContact(leads.get(0), Instant.EPOCH, Instant.MAX, null).isPresent());
    }

    @Test
    void pastDecisionsReplayWithTheListAndHistoryAsTheyStoodThen() throws Exception {
        // Recorded at import: li-1 allowed. Afterwards email-1 is approved (a contact) and the lead objects.
        Thread.sleep(5); // the later events must carry later timestamps than the import's
        app.review().approve("email-1", "ana", false);
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.LINKEDIN, Suppression.Kind.LINKEDIN.normalize("https://linkedin.com/in/dana"),
                "replied STOP", "linkedin-message", "ana", Instant.now())), Actor.human("ana"));
        assertEquals(Decision.BLOCK, app.drafts().find("li-1").orElseThrow().decision().decision(), "blocked now");

        List<PolicyReplay.Check> checks = new PolicyReplay(app.drafts(), app.audit(), app.policyContext())
                .asDecided("li-1", app.policies()::kept);
        assertTrue(checks.size() >= 3, checks.toString()); // the import, the re-check after the approval, the one after the objection
        for (PolicyReplay.Check c : checks) {
            assertTrue(c.reproduced(), "#" + c.entry().seq() + " " + c.entry().type() + ": " + c.recorded() + " vs "
                    + c.replayed().map(r -> r.decision() + " " + r.reasons()).orElse("none") + " " + c.note());
        }
        assertEquals(Decision.ALLOW, checks.get(0).recorded(), "the first decision predates both the contact and the objection");
    }

    @Test
    void anEntryAddedByMistakeIsWithdrawnWithItsHistoryKeptAndReplaysAsItStood() throws Exception {
        String company = Suppression.Kind.COMPANY.normalize("Northwind Pay");
        app.doNotContact().add(List.of(new Suppression(Suppression.Kind.COMPANY, company, "wrong company typed", "manual",
                "ana", Instant.now())), Actor.human("ana"));
        assertEquals(Decision.BLOCK, app.drafts().find("li-1").orElseThrow().decision().decision());
        Thread.sleep(5);
        int changed = app.doNotContact().withdraw(Suppression.Kind.COMPANY, "Northwind Pay", "added to the wrong company",
                Actor.human("bo"), Instant.now());
        assertTrue(changed >= 1, "pending drafts it blocked are decided afresh: " + changed);
        assertEquals(Decision.ALLOW, app.drafts().find("li-1").orElseThrow().decision().decision(), "no longer blocked");
        assertTrue(app.doNotContact().entries().stream().noneMatch(e -> e.value().equals(company)), "not in force");
        assertEquals(-1, app.doNotContact().withdraw(Suppression.Kind.COMPANY, "Northwind Pay", "again", Actor.human("bo"),
                Instant.now()), "nothing to withdraw twice");
        var withdrawn = app.audit().latest(io.countersign.core.audit.AuditEventType.SUPPRESSION_WITHDRAWN).orElseThrow();
        assertEquals("bo", withdrawn.actorId());
        assertTrue(withdrawn.line().contains("\"addedBy\":\"ana\"") && withdrawn.line().contains("wrong company typed"),
                "the withdrawal names who added it and why: " + withdrawn.line());
        // The decisions made while it was in force still replay as they were made.
        for (PolicyReplay.Check c : app.replay().asDecided("li-1", app.policies()::kept)) {
            assertTrue(c.reproduced(), "#" + c.entry().seq() + " " + c.recorded() + " " + c.note());
        }
        // Adding it again restores it.
        Thread.sleep(5);
        assertEquals(1, app.doNotContact().add(List.of(new Suppression(Suppression.Kind.COMPANY, company, "asked again",
                "manual", "ana", Instant.now())), Actor.human("ana")).added());
        assertEquals(Decision.BLOCK, app.drafts().find("li-1").orElseThrow().decision().decision());
        assertTrue(app.audit().verify().ok());
        // The list itself refuses to lose history at the database too.
        assertThrows(Exception.class, () -> app.workspace().jdbi().useHandle(h -> h.execute("DELETE FROM suppression_change")));
    }
}
