package io.countersign;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Workspaces for tests, with the sending identities the test drafts name (maria.* and jonas.*). */
public final class TestWorkspaces {

    private TestWorkspaces() {
    }

    /** The passphrase of every reviewer's signing key in tests. */
    public static final String PASSPHRASE = "correct horse battery";

    public static Countersign open(Path home, Clock clock) {
        Countersign app = Countersign.open(home, false, clock);
        withTestIdentities(app);
        return withReviewerKeys(app);
    }

    /** Reviewers get a signing key on their first decision, with {@link #PASSPHRASE}, as if they typed it. */
    public static Countersign withReviewerKeys(Countersign app) {
        app.signing().passphrases((reviewer, creating) -> java.util.Optional.of(PASSPHRASE.toCharArray()));
        return app;
    }

    /** Adds sandbox identities for the ids {@link io.countersign.core.TestDrafts} uses, if missing. */
    public static Countersign withTestIdentities(Countersign app) {
        app.identities().addSandboxFor(Map.of("maria.linkedin", Channel.LINKEDIN, "maria.email", Channel.EMAIL,
                "jonas.linkedin", Channel.LINKEDIN, "jonas.email", Channel.EMAIL), Actor.SYSTEM);
        return app;
    }

    /** The CLI arguments that add the same identities to a workspace. */
    public static String[][] cliAdds() {
        return new String[][]{
                {"identities", "add", "maria.linkedin", "--channel", "linkedin", "--from", "https://www.linkedin.com/in/maria"},
                {"identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example"}};
    }
}
