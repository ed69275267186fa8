package io.countersign.core.demo;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.Research;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a realistic outreach workload from a seed, so anyone can reproduce the performance
 * numbers: both channels, 20 sending identities, campaigns, templates and personas, and the mix a
 * policy meets in practice (about 70 % clean, the rest with banned claims, unproven metrics,
 * pressure, placeholders, a phone number or a missing footer). Messages run about 500–700 bytes.
 * The same seed and count give the same drafts, byte for byte.
 */
public final class DemoDrafts {

    private static final String[] FIRST = {"Dana", "Sam", "Ana", "Omar", "Zoë", "Jonas", "Priya", "Luca", "Mei", "Tomás",
            "Ingrid", "Kwame", "Sofia", "Yuki", "Noah", "Amara", "Felix", "Leila", "Mateo", "Hana"};
    private static final String[] LAST = {"Whitfield", "Okafor", "Rodrigues", "Haddad", "Lambert", "Berg", "Raman",
            "Ferri", "Chen", "Álvarez", "Lund", "Mensah", "Costa", "Sato", "Fischer", "Diallo", "Wagner", "Nasser"};
    private static final String[] COMPANY = {"Northwind Pay", "Lumen Analytics", "Brightpath Health", "Cobalt Freight",
            "Helios Energy", "Quill Legal", "Orbit Retail", "Tidewater Bank", "Granite Robotics", "Juniper Foods",
            "Atlas Insurance", "Nimbus Cloud", "Saffron Travel", "Vector Security", "Harbor Logistics"};
    private static final String[] CAMPAIGN = {"q4-fintech", "q4-health", "q1-logistics", "partner-led", "event-followup"};
    private static final String[] PERSONA = {"vp-sales", "revops", "cro", "sales-enablement"};
    private static final String[] ANGLE = {"Ramp new SDRs faster", "Forecast accuracy", "Onboarding across time zones",
            "Cleaner CRM data", "Fewer no-shows"};
    private static final String[] OPENERS = {
        "noticed %s opened a new office and is hiring across sales and success.",
        "saw your post about forecast accuracy after the migration at %s.",
        "congratulations on the recent funding round at %s; the hiring page is busy.",
        "read the interview where you described how %s onboards new account executives.",
    };
    private static final String BODY = " I work with sales leaders who want AI-written outreach that stays on-brand,"
            + " with a named person approving every message before it goes out. Teams usually start with one"
            + " campaign, measure reply quality for two weeks and then decide whether to widen it. If it is useful,"
            + " I can share how a similar team structured the first month, what they measured and what they"
            + " changed after the first review.";
    private static final String[] CLOSE = {" Would a short call next week be useful?", " Worth comparing notes?",
            " Open to a quick chat on Thursday?", " Happy to send the outline first if that is easier."};
    private static final String FOOTER = "\n\nNot relevant? Reply STOP and I will not write again.";

    private final SplittableRandom random;
    private final Instant start;

    public DemoDrafts(long seed, Instant start) {
        this.random = new SplittableRandom(seed);
        this.start = start;
    }

    /** The {@code n}-th draft (0-based) of this generator; call in order. */
    public Draft next(long n) {
        boolean email = random.nextInt(100) < 55;
        int identity = random.nextInt(20);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String company = COMPANY[random.nextInt(COMPANY.length)];
        long leadNo = random.nextLong(Math.max(1, n / 2 + 1000));
        String slug = company.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
        Lead lead = new Lead("lead-" + leadNo, first + " " + last, email ? ascii(first) + "." + leadNo + "@" + slug + ".example" : null,
                "https://www.linkedin.com/in/" + ascii(first) + "-" + ascii(last) + "-" + leadNo, company);
        String campaign = CAMPAIGN[random.nextInt(CAMPAIGN.length)];
        String template = (email ? "intro-v" : "note-v") + (1 + random.nextInt(4));
        StringBuilder text = new StringBuilder(700);
        text.append("Hi ").append(first).append(", ").append(String.format(OPENERS[random.nextInt(OPENERS.length)], company));
        List<Claim> claims = List.of();
        int kind = random.nextInt(100);
        if (kind < 70) {
            text.append(BODY);
        } else if (kind < 76) {
            text.append(" Results are guaranteed within the first month, and it is completely risk-free.").append(BODY, 0, 260);
        } else if (kind < 82) {
            text.append(" Teams like yours book 3x more meetings in the first quarter.").append(BODY, 0, 300);
            claims = List.of(new Claim("metric", "3x more meetings", random.nextBoolean()
                    ? "https://countersign.example/case-studies/meetings.pdf" : null));
        } else if (kind < 88) {
            text.append(" This is the last chance to join the pilot this quarter, so act now.").append(BODY, 0, 280);
        } else if (kind < 93) {
            text.append(" I think {{pain_point}} matters at ").append(company).append(".").append(BODY, 0, 300);
        } else {
            text.append(" You can reach me on +1 415 555 0134 any time.").append(BODY, 0, 320);
        }
        text.append(CLOSE[random.nextInt(CLOSE.length)]);
        if (email && random.nextInt(100) < 80) {
            text.append(FOOTER);
        }
        String content = text.toString();
        return new Draft(String.format("demo-%08d", n), email ? Channel.EMAIL : Channel.LINKEDIN, identityId(email, identity), lead,
                email ? "A thought on " + ANGLE[random.nextInt(ANGLE.length)].toLowerCase(java.util.Locale.ROOT) : null,
                content, claims, new Research(company + " is hiring; new sales leader since the summer.",
                ANGLE[random.nextInt(ANGLE.length)]), "outreach-2026-11-01", campaign, template,
                PERSONA[random.nextInt(PERSONA.length)], "agent-" + (1 + random.nextInt(5)),
                start.plus(Duration.ofSeconds(n * 7)), Map.of());
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static String identityId(boolean email, int n) {
        return (email ? "rep" : "li") + String.format("%02d", n) + (email ? ".email" : ".linkedin");
    }

    /** Every sending identity the generated drafts name (20 mailboxes, 20 LinkedIn accounts), with its channel. */
    public static java.util.Map<String, Channel> identities() {
        java.util.Map<String, Channel> out = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) {
            out.put(identityId(true, i), Channel.EMAIL);
            out.put(identityId(false, i), Channel.LINKEDIN);
        }
        return out;
    }
}
