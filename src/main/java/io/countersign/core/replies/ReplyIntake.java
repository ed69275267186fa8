package io.countersign.core.replies;

import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns replies into do-not-contact entries: a reply that objects suppresses its sender by every
 * key the reply gives (email address, LinkedIn profile, lead id), so the objection holds on every
 * channel and for every sending identity.
 */
public final class ReplyIntake {

    /** What one reply came to: its objection, if any, and the entries that record it. */
    public record Outcome(Reply reply, Optional<ObjectionDetector.Objection> objection, List<Suppression> entries) {
    }

    private ReplyIntake() {
    }

    public static List<Outcome> assess(List<Reply> replies, String addedBy, Instant now) {
        List<Outcome> out = new ArrayList<>(replies.size());
        for (Reply r : replies) {
            Optional<ObjectionDetector.Objection> objection = ObjectionDetector.detect(r.text());
            out.add(new Outcome(r, objection, objection.map(o -> entries(r, o, addedBy, now)).orElse(List.of())));
        }
        return out;
    }

    /** Every entry the outcomes call for, in order. */
    public static List<Suppression> entriesOf(List<Outcome> outcomes) {
        List<Suppression> all = new ArrayList<>();
        outcomes.forEach(o -> all.addAll(o.entries()));
        return all;
    }

    private static List<Suppression> entries(Reply r, ObjectionDetector.Objection o, String addedBy, Instant now) {
        String source = r.channel() == Channel.EMAIL ? "email-reply" : "linkedin-message";
        // What they said, in their words (quoted history cut off), so the list explains itself.
        String reason = "replied \u201c" + snippet(ObjectionDetector.ownWords(r.text())) + "\u201d"
                + (r.receivedAt() == null ? "" : " on " + r.receivedAt());
        List<Suppression> entries = new ArrayList<>(3);
        String from = r.from();
        if (from.contains("@") && !from.contains("/")) {
            entries.add(new Suppression(Suppression.Kind.EMAIL, Suppression.Kind.EMAIL.normalize(from), reason, source, addedBy, now));
        } else if (from.toLowerCase(Locale.ROOT).contains("linkedin.com/")) {
            entries.add(new Suppression(Suppression.Kind.LINKEDIN, Suppression.Kind.LINKEDIN.normalize(from), reason, source,
                    addedBy, now));
        }
        if (!r.leadId().isEmpty()) {
            entries.add(new Suppression(Suppression.Kind.LEAD, r.leadId(), reason, source, addedBy, now));
        }
        return entries;
    }

    private static String snippet(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 160 ? one : one.substring(0, 159) + "\u2026";
    }
}
