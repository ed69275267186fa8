package io.countersign.core.policy.rules;

import io.countersign.core.policy.RuleType;

import io.countersign.core.draft.Channel;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.Severity;
import io.countersign.core.policy.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Length limits per channel (LinkedIn connection notes, LinkedIn messages, email bodies and
 * subjects), counted in characters as people see them (code points), and ALL-CAPS subjects.
 * The finding on an over-long text covers exactly the characters past the limit.
 */
public final class ChannelLimitsRule implements PolicyRule {

    public static final String ID = "channel-limits";

    public static final RuleType TYPE = RuleType.of(ID, Set.of("linkedin-connection-note-max", "linkedin-message-max",
            "email-body-max", "email-subject-max", "connection-note-templates"), Severity.BLOCK,
            s -> new ChannelLimitsRule(s.severity(), new Limits(
                    s.integer("linkedin-connection-note-max", 300),
                    s.integer("linkedin-message-max", 8000),
                    s.integer("email-body-max", 5000),
                    s.integer("email-subject-max", 80),
                    java.util.Set.copyOf(s.strings("connection-note-templates")))));

    /** Limits in characters; a draft is a connection note when its template is listed or extra.linkedinType is "connection". */
    public record Limits(int connectionNote, int linkedinMessage, int emailBody, int emailSubject,
                         Set<String> connectionNoteTemplates) {
    }

    private final Severity severity;
    private final Limits limits;

    public ChannelLimitsRule(Severity severity, Limits limits) {
        this.severity = severity;
        this.limits = limits;
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * A LinkedIn draft is a connection request (its note has the shorter limit, and sending counts it
     * against the identity's connection limits) when its template is one of
     * {@code connection-note-templates} or the import marked it {@code "linkedinType": "connection"}.
     */
    @Override
    public java.util.Optional<Boolean> connectionRequest(io.countersign.core.draft.Draft draft) {
        return java.util.Optional.of(isConnectionRequest(draft));
    }

    public boolean isConnectionRequest(io.countersign.core.draft.Draft draft) {
        return draft.channel() == Channel.LINKEDIN && (limits.connectionNoteTemplates().contains(draft.template())
                || "connection".equals(String.valueOf(draft.extra().get("linkedinType"))));
    }

    @Override
    public List<Finding> evaluate(PolicyInput input) {
        List<Finding> findings = new ArrayList<>();
        var draft = input.draft();
        if (draft.channel() == Channel.LINKEDIN) {
            boolean note = isConnectionRequest(draft);
            int max = note ? limits.connectionNote() : limits.linkedinMessage();
            tooLong(findings, TextField.BODY, input.body(), max,
                    note ? "LinkedIn connection note" : "LinkedIn message");
        } else {
            tooLong(findings, TextField.BODY, input.body(), limits.emailBody(), "Email body");
            tooLong(findings, TextField.SUBJECT, input.subject(), limits.emailSubject(), "Email subject");
            if (isShouting(input.subject())) {
                findings.add(new Finding(ID, severity, TextField.SUBJECT, 0, input.subject().length(),
                        "Subject is in ALL CAPS", List.of()));
            }
        }
        return findings;
    }

    private void tooLong(List<Finding> findings, TextField field, String text, int max, String what) {
        if (max <= 0) {
            return;
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > max) {
            int cut = text.offsetByCodePoints(0, max);
            findings.add(new Finding(ID, severity, field, cut, text.length(),
                    what + " is " + chars + " characters; the limit is " + max, List.of()));
        }
    }

    static boolean isShouting(String subject) {
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        return letters >= 6 && upper * 10 >= letters * 8;
    }
}
