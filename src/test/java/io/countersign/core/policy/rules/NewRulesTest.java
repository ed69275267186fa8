package io.countersign.core.policy.rules;

import static io.countersign.core.TestDrafts.email;
import static io.countersign.core.TestDrafts.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One nested group per rule added with the complete rule set; spans are checked exactly. */
class NewRulesTest {

    private static String covered(String text, Finding f) {
        return text.substring(f.start(), f.end());
    }

    @Test
    void phraseListsSeeThroughEvasion() {
        PhraseListRule rule = new PhraseListRule("banned", Severity.BLOCK, "Banned", List.of("guaranteed", "risk-free"));
        String text = "Results are gu\u0430r\u0430nteed and R I S K - F R E E!";
        List<Finding> f = rule.evaluate(input(text));
        assertEquals("gu\u0430r\u0430nteed", covered(text, f.get(0)));
        String spaced = "It is g u a r a n t e e d.";
        assertEquals("g u a r a n t e e d", covered(spaced, rule.evaluate(input(spaced)).get(0)));
        String zw = "It is GUAR\u200DANTEED.";
        assertEquals("GUAR\u200DANTEED", covered(zw, rule.evaluate(input(zw)).get(0)));
        String fullWidth = "\uFF47\uFF55\uFF41\uFF52\uFF41\uFF4E\uFF54\uFF45\uFF45\uFF44 growth";
        assertEquals(1, rule.evaluate(input(fullWidth)).size());
    }

    @Test
    void phraseListPatternsUseLinearTimeRegexAndChannels() {
        PhraseListRule rule = new PhraseListRule("pressure", Severity.REQUIRE_APPROVAL, "Pressure", List.of(),
                List.of(Pattern.compile("only \\d+ (?:spots|seats) left", Pattern.CASE_INSENSITIVE)), Set.of(Channel.LINKEDIN));
        String text = "Hurry: ONLY 3 seats left.";
        Finding f = rule.evaluate(input(text)).get(0);
        assertEquals("ONLY 3 seats left", covered(text, f));
        assertTrue(rule.evaluate(PolicyInput.original(email("e", "Hi", text))).isEmpty(), "email is out of scope");
        // A pattern that backtracks catastrophically in java.util.regex finishes at once in RE2/J.
        PhraseListRule evil = new PhraseListRule("evil", Severity.WARN, "x", List.of(),
                List.of(Pattern.compile("(a+)+$")), Set.of());
        long t0 = System.nanoTime();
        evil.evaluate(input("a".repeat(5000) + "!"));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void linksMustBeHttpsAllowlistedUnshortenedAndFew() {
        LinkRule rule = new LinkRule(Severity.BLOCK, List.of("countersign.example", "calendly.com"),
                List.of("bit.ly"), 2);
        String text = "See https://countersign.example/case, book https://calendly.com/dana. "
                + "Also http://countersign.example/x and bit.ly/abc and https://evil.example/p and https://10.0.0.1/a.";
        List<Finding> f = rule.evaluate(input(text));
        assertEquals(4, f.size());
        assertEquals("http://countersign.example/x", covered(text, f.get(0)));
        assertEquals("Link is not https", f.get(0).message());
        assertEquals("bit.ly/abc", covered(text, f.get(1)));
        assertTrue(f.get(1).message().startsWith("URL shortener"));
        assertEquals("Link domain evil.example is not on the allowlist", f.get(2).message());
        assertEquals("https://10.0.0.1/a", covered(text, f.get(3)));
        List<Finding> many = rule.evaluate(input("https://calendly.com/a https://calendly.com/b https://www.calendly.com/c"));
        assertEquals(1, many.size());
        assertEquals("More than 2 links in one message", many.get(0).message());
        assertTrue(rule.evaluate(input("No links here, e.g. v2.0 or Dr. Smith.")).isEmpty());
    }

    @Test
    void channelLimitsCoverExactlyTheOverflow() {
        ChannelLimitsRule rule = new ChannelLimitsRule(Severity.BLOCK,
                new ChannelLimitsRule.Limits(300, 1900, 5000, 20, Set.of("li-v2")));
        String note = "\uD83D\uDE80".repeat(301); // 301 characters, 602 UTF-16 units
        Finding f = rule.evaluate(input(note)).get(0); // TestDrafts LinkedIn template is li-v2
        assertEquals(600, f.start());
        assertEquals(602, f.end());
        assertEquals("LinkedIn connection note is 301 characters; the limit is 300", f.message());
        List<Finding> subject = rule.evaluate(PolicyInput.original(email("e", "QUICK QUESTION FOR YOU", "Hi")));
        assertEquals(2, subject.size());
        assertEquals(20, subject.get(0).start());
        assertEquals("Subject is in ALL CAPS", subject.get(1).message());
        assertTrue(rule.evaluate(PolicyInput.original(email("e", "Quick Q about SDRs", "Hi"))).isEmpty());
    }

    @Test
    void fakeReplySubjectsBlock() {
        FakeReplySubjectRule rule = new FakeReplySubjectRule(Severity.BLOCK);
        Finding f = rule.evaluate(PolicyInput.original(email("e", "RE: our call", "Hi"))).get(0);
        assertEquals(TextField.SUBJECT, f.field());
        assertEquals(0, f.start());
        assertEquals(4, f.end());
        assertEquals("", f.fixes().get(0).replacement());
        assertEquals(1, rule.evaluate(PolicyInput.original(email("e", "Fwd: deck", "Hi"))).size());
        assertTrue(rule.evaluate(PolicyInput.original(email("e", "Regarding your SDR team", "Hi"))).isEmpty());
    }

    @Test
    void emailFooterFindingsSitAtTheEndAndFixesAppend() {
        EmailFooterRule rule = new EmailFooterRule(Severity.BLOCK, "", "");
        String body = "Hi Dana,\nWorth a chat?";
        List<Finding> f = rule.evaluate(PolicyInput.original(email("e", "Hi", body)));
        assertEquals(2, f.size());
        assertEquals(body.length(), f.get(0).start());
        assertEquals(body.length(), f.get(0).end());
        assertTrue(f.get(1).fixes().get(0).replacement().contains("unsubscribe"));
        String ok = body + "\n\nAcme Inc, 500 Market Street, San Francisco, CA 94105\nReply \"stop\" to opt out.";
        assertTrue(rule.evaluate(PolicyInput.original(email("e", "Hi", ok))).isEmpty());
        assertTrue(rule.evaluate(input(body)).isEmpty(), "LinkedIn is out of scope");
    }

    @Test
    void sensitiveDataFindsValidatedNumbersOnly() {
        SensitiveDataRule rule = new SensitiveDataRule(new SensitiveDataRule.Severities(Severity.REQUIRE_APPROVAL,
                Severity.REQUIRE_APPROVAL, Severity.BLOCK, Severity.BLOCK, Severity.REQUIRE_APPROVAL),
                List.of("gmail"), List.of("bankruptcy", "medical condition"));
        String text = "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, call +1 (415) 555-0133, "
                + "mail dana.w@gmail.com, sorry about the bankruptcy.";
        List<Finding> f = rule.evaluate(input(text));
        assertEquals(List.of("4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "+1 (415) 555-0133",
                "dana.w@gmail.com", "bankruptcy"), f.stream().map(x -> covered(text, x)).toList());
        assertEquals(Severity.BLOCK, f.get(0).severity());
        assertTrue(rule.evaluate(input("Card 4111 1111 1111 1112 (bad Luhn), DE00 1234 5678 9012 3456 78, "
                + "on 2026-11-25, dana@northwind.example, 12 SDRs")).isEmpty());
    }

    @Test
    void personalizationWarnsWhenTheLeadIsNeverNamed() {
        PersonalizationRule rule = new PersonalizationRule(Severity.WARN);
        Finding f = rule.evaluate(input("Hello there, we help teams ramp.")).get(0);
        assertEquals("Never mentions Dana or Northwind Pay: reads like a mass mailing", f.message());
        assertTrue(rule.evaluate(input("Hi DANA, quick one.")).isEmpty());
        assertTrue(rule.evaluate(input("Saw the news at Northwind\u00a0Pay.")).isEmpty());
    }

    @Test
    void metricPrecisionAndEvidenceDomains() {
        MetricEvidenceRule rule = new MetricEvidenceRule(Severity.BLOCK, List.of("countersign.example"));
        assertTrue(rule.evaluate(input("Congrats on the $12M Series A. Free for a 15-minute call on the 3rd? "
                + "We meet 2x a week; I'm 100% sure it helps. Let's talk in 2 weeks.")).isEmpty());
        String dur = "Teams ramp new reps in 2 weeks with our playbook.";
        Finding f = rule.evaluate(input(dur)).get(0);
        assertEquals("in 2 weeks", covered(dur, f));
        assertTrue(rule.evaluate(input(dur, new Claim("metric", "ramp in 2 weeks", "https://countersign.example/ramp"))).isEmpty());
        String within = "We cut ramp time within 30 days, and faster in under 10 minutes a day.";
        List<Finding> both = rule.evaluate(input(within));
        assertEquals(List.of("within 30 days", "in under 10 minutes"), both.stream().map(x -> covered(within, x)).toList());
        List<Finding> offList = rule.evaluate(input("40% more replies", new Claim("metric", "40%", "https://other.example/x")));
        assertEquals("Evidence for \u201c40%\u201d is not on an allowlisted domain", offList.get(0).message());
    }
}
