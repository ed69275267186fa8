package io.countersign.core.policy;

import io.countersign.core.draft.Draft;
import java.util.Objects;

/**
 * What a rule looks at: the draft's metadata plus the text as it stands now, which may be a
 * reviewer's edit of the original.
 */
public record PolicyInput(Draft draft, String subject, String body) {
    public PolicyInput {
        Objects.requireNonNull(draft, "draft");
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
    }

    public static PolicyInput original(Draft draft) {
        return new PolicyInput(draft, draft.subject(), draft.content());
    }

    public String text(TextField field) {
        return field == TextField.SUBJECT ? subject : body;
    }
}
