package io.countersign.core.policy;

import io.countersign.core.text.NormalizedText;
import io.countersign.core.text.TextScan;

import io.countersign.core.draft.Draft;
import java.util.Objects;

/**
 * What a rule looks at: the draft's metadata plus the text as it stands now, which may be a
 * reviewer's edit of the original. The normalized views are computed once and shared by all rules.
 */
public final class PolicyInput {

    private final Draft draft;
    private final PolicyContext context;
    private final String subject;
    private final String body;
    private NormalizedText normalizedSubject;
    private NormalizedText normalizedBody;
    private io.countersign.core.text.Tokens subjectTokens;
    private io.countersign.core.text.Tokens bodyTokens;
    private TextScan subjectScan;
    private TextScan bodyScan;

    public PolicyInput(Draft draft, String subject, String body) {
        this(draft, subject, body, PolicyContext.NONE);
    }

    public PolicyInput(Draft draft, String subject, String body, PolicyContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.draft = Objects.requireNonNull(draft, "draft");
        this.subject = subject == null ? "" : subject;
        this.body = body == null ? "" : body;
    }

    public static PolicyInput original(Draft draft) {
        return new PolicyInput(draft, draft.subject(), draft.content());
    }

    public Draft draft() {
        return draft;
    }

    private Object sharedKey;
    private Object sharedSubject;
    private Object sharedBody;

    /**
     * A per-message result computed once and reused by several rules (the policy-wide phrase
     * index). One key is cached at a time; another key recomputes.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, TextField field, java.util.function.Supplier<T> compute) {
        if (sharedKey != key) {
            sharedKey = key;
            sharedSubject = null;
            sharedBody = null;
        }
        if (field == TextField.SUBJECT) {
            if (sharedSubject == null) {
                sharedSubject = compute.get();
            }
            return (T) sharedSubject;
        }
        if (sharedBody == null) {
            sharedBody = compute.get();
        }
        return (T) sharedBody;
    }

    public PolicyContext context() {
        return context;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public String text(TextField field) {
        return field == TextField.SUBJECT ? subject : body;
    }

    /** The evasion-resistant view of a field (see {@link NormalizedText}); not thread-safe, like the input itself. */
    public NormalizedText normalized(TextField field) {
        if (field == TextField.SUBJECT) {
            if (normalizedSubject == null) {
                normalizedSubject = NormalizedText.of(subject, scan(field));
            }
            return normalizedSubject;
        }
        if (normalizedBody == null) {
            normalizedBody = NormalizedText.of(body, scan(field));
        }
        return normalizedBody;
    }

    /** Character facts of a field as written (see {@link TextScan}), computed once for all rules. */
    public TextScan scan(TextField field) {
        if (field == TextField.SUBJECT) {
            if (subjectScan == null) {
                subjectScan = TextScan.of(subject);
            }
            return subjectScan;
        }
        if (bodyScan == null) {
            bodyScan = TextScan.of(body);
        }
        return bodyScan;
    }

    /** Word tokens of the normalized field, shared by every phrase rule. */
    public io.countersign.core.text.Tokens tokens(TextField field) {
        if (field == TextField.SUBJECT) {
            if (subjectTokens == null) {
                subjectTokens = tokensOf(normalized(field), scan(field));
            }
            return subjectTokens;
        }
        if (bodyTokens == null) {
            bodyTokens = tokensOf(normalized(field), scan(field));
        }
        return bodyTokens;
    }

    // An ASCII text whose normalized form kept every index is its scan's lower-cased bytes.
    private static io.countersign.core.text.Tokens tokensOf(NormalizedText normalized, TextScan scan) {
        byte[] bytes = normalized.isIndexPreserving() ? scan.asciiLower() : null;
        return io.countersign.core.text.Tokens.of(normalized.text(), bytes);
    }
}
