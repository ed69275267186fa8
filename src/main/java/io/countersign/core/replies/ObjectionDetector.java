package io.countersign.core.replies;

import io.countersign.core.text.NormalizedText;
import io.countersign.core.text.PhraseMatcher;
import io.countersign.core.text.Tokens;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a lead's reply (email or LinkedIn message) and says whether it objects to further
 * contact: an unsubscribe or opt-out, a request to stop or be removed, "not interested". Only the
 * lead's own words count: quoted text from our message (whose footer may itself say "reply STOP")
 * is cut off first. Matching is word-based on normalized text, so "non-stop growth" is not an
 * objection while "STOP" alone, "Please stop emailing me" and "désabonner" are.
 */
public final class ObjectionDetector {

    /** An objection found in a reply: the phrase that decided it, as written. */
    public record Objection(String phrase) {
    }

    private static final List<String> PHRASES = List.of(
            "unsubscribe", "unsubscribe me", "opt out", "opt me out", "opt-out", "remove me", "remove my email",
            "take me off", "take me off your list", "do not contact", "don't contact", "dont contact", "do not email",
            "don't email", "do not message", "don't message", "stop emailing", "stop contacting", "stop messaging",
            "stop sending", "stop writing", "stop reaching out", "please stop", "no more emails", "no more messages",
            "leave me alone", "not interested", "never contact", "cease contact", "do not reach out",
            "don't reach out", "not contact me again",
            // German, French, Spanish, Portuguese, Dutch: the common opt-outs
            "abmelden", "austragen", "nicht mehr kontaktieren", "kein interesse", "désabonner", "désinscrire",
            "ne plus me contacter", "pas intéressé", "pas intéressée", "darme de baja", "no me contacten",
            "no me contactes", "no estoy interesado", "no estoy interesada", "descadastrar", "não tenho interesse",
            "afmelden", "geen interesse");

    // Where quoted history starts in a reply: "> …" lines, "On … wrote:", Outlook's separators.
    private static final Pattern QUOTE_START = Pattern.compile(
            "(?m)^(?:\\s*>|\\s*-{2,}\\s*Original Message\\s*-{2,}|\\s*From:\\s|\\s*On .{0,200}wrote:\\s*$"
                    + "|\\s*Am .{0,200}schrieb.{0,80}:\\s*$|\\s*Le .{0,200}a écrit\\s*:\\s*$|\\s*El .{0,200}escribió:\\s*$)");
    private static final Pattern BARE_STOP = Pattern.compile("(?i)^\\W*(?:stop|stopp|arrêt|arrete|alto|unsubscribe)\\W*$");

    private static final PhraseMatcher MATCHER = PhraseMatcher.of(
            PHRASES.stream().map(p -> NormalizedText.of(p).text()).toList());

    private ObjectionDetector() {
    }

    public static Optional<Objection> detect(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String own = ownWords(reply).strip();
        if (BARE_STOP.matcher(own).matches()) {
            return Optional.of(new Objection(own));
        }
        // Phones type a curly apostrophe; one character for one, so spans still fit the reply as written.
        NormalizedText nt = NormalizedText.of(own.replace('\u2019', '\''));
        List<PhraseMatcher.Match> hits = MATCHER.findIn(Tokens.of(nt.text()));
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        PhraseMatcher.Match first = hits.get(0);
        return Optional.of(new Objection(own.substring(nt.originalStart(first.start()), nt.originalEnd(first.end()))));
    }

    /** The reply without the quoted history below it. */
    static String ownWords(String reply) {
        var m = QUOTE_START.matcher(reply);
        return m.find() ? reply.substring(0, m.start()) : reply;
    }
}
