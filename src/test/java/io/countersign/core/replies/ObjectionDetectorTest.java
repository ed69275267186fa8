package io.countersign.core.replies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectionDetectorTest {

    private static String objection(String reply) {
        return ObjectionDetector.detect(reply).map(ObjectionDetector.Objection::phrase).orElse(null);
    }

    @Test
    void recognisesTheWaysPeopleSayStop() {
        assertEquals("STOP", objection("STOP"));
        assertEquals("stop.", objection("  stop. \n"));
        assertEquals("Please stop", objection("Please stop emailing me."));
        assertEquals("unsubscribe", objection("Hi, how do I unsubscribe from these?"));
        assertEquals("not interested", objection("Thanks but we're not interested."));
        assertEquals("Remove me", objection("Remove me from your list"));
        assertEquals("don\u2019t contact", objection("Please don\u2019t contact me again"), "curly apostrophe as typed on phones");
        assertEquals("NOT  INTERESTED", objection("NOT  INTERESTED"), "quoted as written");
        assertEquals("kein Interesse", objection("Danke, kein Interesse."));
        assertEquals("d\u00e9sabonner", objection("Merci de me d\u00e9sabonner"));
        assertEquals("no me contacten", objection("Por favor no me contacten"));
    }

    @Test
    void ordinaryRepliesAreNotObjections() {
        assertFalse(ObjectionDetector.detect("Sounds good, Tuesday at 3 works.").isPresent());
        assertFalse(ObjectionDetector.detect("Our growth has been non-stop this year, happy to talk.").isPresent());
        assertFalse(ObjectionDetector.detect("Can you stop by our booth at SaaStr?").isPresent());
        assertFalse(ObjectionDetector.detect("").isPresent());
        assertFalse(ObjectionDetector.detect(null).isPresent());
    }

    @Test
    void ourOwnQuotedMessageDoesNotCount() {
        String reply = "Sure, send me the deck.\n\nOn Tue, Nov 24, 2026 at 9:00 AM Maria <maria@countersign.example> wrote:\n"
                + "> Hi Dana, ...\n> Reply STOP to opt out.";
        assertFalse(ObjectionDetector.detect(reply).isPresent());
        assertFalse(ObjectionDetector.detect("Yes please\n> not interested? reply stop").isPresent());
        assertFalse(ObjectionDetector.detect("Ok\n-----Original Message-----\nFrom: Maria\nunsubscribe here").isPresent());
        assertTrue(ObjectionDetector.detect("Not interested.\n\nOn Tue Maria wrote:\n> Hi").isPresent());
    }

    @Test
    void anObjectionSuppressesTheSenderByEveryKeyTheReplyGives() {
        byte[] file = String.join("\n",
                "{\"channel\":\"email\",\"from\":\"Dana@Northwind.example\",\"leadId\":\"L1\",\"text\":\"unsubscribe\",\"receivedAt\":\"2026-11-24T10:00:00Z\"}",
                "{\"channel\":\"linkedin\",\"from\":\"https://www.linkedin.com/in/sam/\",\"text\":\"Not interested, thanks\"}",
                "{\"channel\":\"linkedin\",\"from\":\"https://linkedin.com/in/ana\",\"text\":\"Happy to chat\"}",
                "{\"channel\":\"sms\",\"from\":\"x\",\"text\":\"stop\"}",
                "{\"channel\":\"email\",\"text\":\"stop\"}",
                "{\"channel\":\"email\",\"from\":\"a@b.example\",\"text\":\"stop\",\"receivedAt\":\"yesterday\"}",
                "{\"channel\":\"email\",\"from\":\"a@b.example\",\"from\":\"c@d.example\",\"text\":\"stop\"}",
                "not json").getBytes(StandardCharsets.UTF_8);
        ReplyFileReader.Result read = ReplyFileReader.read("replies.jsonl", file);
        assertEquals(3, read.replies().size());
        assertEquals(List.of(
                "replies.jsonl:4: channel: expected email or linkedin",
                "replies.jsonl:5: from or leadId: one is needed to know who replied",
                "replies.jsonl:6: receivedAt: 'yesterday' is not a UTC time like 2026-11-25T09:00:00Z"),
                read.problems().subList(0, 3).stream().map(Object::toString).toList());
        assertTrue(read.problems().get(3).toString().startsWith("replies.jsonl:7: malformed JSON"), read.problems().toString());
        assertTrue(read.problems().get(4).toString().startsWith("replies.jsonl:8: malformed JSON"), read.problems().toString());

        List<ReplyIntake.Outcome> outcomes = ReplyIntake.assess(read.replies(), "ana", Instant.parse("2026-11-25T09:00:00Z"));
        List<Suppression> dana = outcomes.get(0).entries();
        assertEquals(List.of("email dana@northwind.example", "lead L1"),
                dana.stream().map(s -> s.kind().wireName() + " " + s.value()).toList());
        assertEquals("email-reply", dana.get(0).source());
        assertEquals("replied \u201cunsubscribe\u201d on 2026-11-24T10:00:00Z", dana.get(0).reason());
        assertEquals("linkedin linkedin.com/in/sam", outcomes.get(1).entries().get(0).kind().wireName() + " "
                + outcomes.get(1).entries().get(0).value());
        assertEquals("linkedin-message", outcomes.get(1).entries().get(0).source());
        assertTrue(outcomes.get(2).objection().isEmpty());
        assertTrue(outcomes.get(2).entries().isEmpty());
        assertEquals(Channel.LINKEDIN, outcomes.get(2).reply().channel());
    }

    @Test
    void hostileRepliesGetAnAnswerNotACrash() {
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(400);
            for (int i = 0; i < len; i++) {
                int cp = random.nextInt(10) == 0 ? random.nextInt(0x10FFFF) : 0x20 + random.nextInt(0x5F);
                if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                    sb.appendCodePoint(cp);
                }
            }
            ObjectionDetector.detect(sb.toString()); // any answer, no exception
        }
        String zalgo = "u\u0336n\u0336s\u0336u\u0336b\u0336s\u0336c\u0336r\u0336i\u0336b\u0336e\u0336";
        assertEquals(zalgo, objection(zalgo), "combining marks do not hide it, and the quote is the text as written");
        assertEquals("\u202eunsubscribe\u202c", objection("\u202eunsubscribe\u202c"));
        String huge = "Thanks for the note. ".repeat(9_000) + "Please remove me.";
        assertEquals("remove me", objection(huge));
        assertFalse(ObjectionDetector.detect("\uD83D\uDE4F thanks, talk soon \uD83D\uDE80").isPresent());
    }
}
