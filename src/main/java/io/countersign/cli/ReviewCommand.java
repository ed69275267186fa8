package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.review.DraftQuery;
import io.countersign.core.review.ReviewException;
import io.countersign.core.review.ReviewService;
import io.countersign.core.work.Progress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Decide drafts from the command line, as the console does: each draft is re-checked under the",
                "policy in force and decided and audited on its own, with the reviewer named."},
        subcommands = {ReviewCommand.Approve.class, ReviewCommand.Reject.class, ReviewCommand.Key.class})
final class ReviewCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Unlocks the reviewer's key before any decision (once for all of them); what stops it, or null. */
    static String keyProblem(Countersign app, String who) {
        try {
            app.signing().ready(who);
            return null;
        } catch (ReviewException | IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** --reviewer, else the workspace's reviewer (the console's profile), else the OS user. */
    static String reviewer(Countersign app, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.strip();
        }
        return app.profile().reviewer().orElse(System.getProperty("user.name", "cli"));
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve drafts by id, or every pending draft (--all), optionally of one campaign or identity.",
                    "Blocked drafts are refused with their reasons; require-approval findings need --acknowledge."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every draft named was approved", "1:some were refused (blocked, findings not acknowledged, "
                    + "not pending); each is printed with the reason", "2:bad arguments or the workspace cannot be opened"})
    static final class Approve extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Draft ids.") List<String> ids = new ArrayList<>();
        @Option(names = "--all", description = "Every pending draft (with --campaign / --identity: only those).") boolean all;
        @Option(names = "--campaign", paramLabel = "C") String campaign;
        @Option(names = "--identity", paramLabel = "I") String identity;
        @Option(names = "--acknowledge", description = "Acknowledge require-approval findings (recorded with each approval).")
        boolean acknowledge;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;
        @picocli.CommandLine.Mixin PassphraseOptions passphrase;

        @Override
        protected Integer run(Countersign app) {
            passphrase.applyTo(app.signing());
            if (all == !ids.isEmpty()) {
                err().println("countersign review approve: name draft ids or --all, not both and not neither");
                return ExitCodes.BAD_INPUT;
            }
            if (!all && (campaign != null || identity != null)) {
                err().println("countersign review approve: --campaign and --identity go with --all");
                return ExitCodes.BAD_INPUT;
            }
            List<String> chosen = new ArrayList<>(ids);
            if (all) {
                app.drafts().forEachRow(DraftQuery.withStatus(ReviewStatus.PENDING), r -> {
                    if ((campaign == null || campaign.equals(r.campaign())) && (identity == null || identity.equals(r.identityId()))) {
                        chosen.add(r.id());
                    }
                    return true;
                });
            }
            String who = reviewer(app, reviewer);
            String keyProblem = keyProblem(app, who);
            if (keyProblem != null) {
                err().println("countersign review approve: " + keyProblem);
                return ExitCodes.BAD_INPUT;
            }
            ReviewService.BulkResult result;
            try {
                result = app.review().approveAll(chosen, who, acknowledge, Progress.NONE);
            } catch (ReviewException e) {
                err().println("countersign review approve: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
            result.refused().forEach(r -> err().println("not approved: " + Listing.oneLine(r)));
            out().println(result.decided() + " approved as " + who + ", " + result.refused().size() + " refused");
            return result.refused().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject drafts by id, with one reason for all.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every draft named was rejected", "1:some were refused (not pending, unknown)",
                    "2:bad arguments or the workspace cannot be opened"})
    static final class Reject extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;
        @picocli.CommandLine.Mixin PassphraseOptions passphrase;

        @Override
        protected Integer run(Countersign app) {
            passphrase.applyTo(app.signing());
            if (reason.isBlank()) {
                err().println("countersign review reject: --reason must say why");
                return ExitCodes.BAD_INPUT;
            }
            String who = reviewer(app, reviewer);
            String keyProblem = keyProblem(app, who);
            if (keyProblem != null) {
                err().println("countersign review reject: " + keyProblem);
                return ExitCodes.BAD_INPUT;
            }
            var decided = app.review().batch(ids, id -> app.review().reject(id, who, reason));
            long refused = decided.stream().filter(d -> !d.ok()).peek(d -> err().println("not rejected: " + Listing.oneLine(d.item()
                    + ": " + d.refusal()))).count();
            out().println((decided.size() - refused) + " rejected as " + who + ", " + refused + " refused");
            return refused == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    private static java.util.Optional<char[]> prompt(String endorser) {
        java.io.Console console = System.console();
        return console == null ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(console.readPassword("Passphrase of %s's signing key (endorsing): ", endorser));
    }

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = {"A reviewer's signing key: every approval and rejection is signed with it (Ed25519; the private",
                    "part sealed with the passphrase by Argon2id + AES-GCM in the workspace's reviewers/ folder).",
                    "'create' makes it and records its public part in the audit log; 'show' prints its id and state."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done", "2:bad arguments (a key exists already, passphrase too short or missing)"})
    static final class Key extends WorkspaceCommand {
        @Parameters(paramLabel = "ACTION", description = "create or show") String action;
        @Option(names = "--reviewer", paramLabel = "NAME") String reviewer;
        @picocli.CommandLine.Mixin PassphraseOptions passphrase;
        @Option(names = "--endorsed-by", paramLabel = "NAME", description = {"create: another reviewer whose key vouches for this one",
                "(needed when the audit log holds a key for the reviewer already, e.g. the old one was lost)."})
        String endorser;
        @Option(names = "--endorser-passphrase-env", paramLabel = "VAR", description = "The endorser's passphrase from this environment variable.")
        String endorserEnv;
        @Option(names = "--endorser-passphrase-file", paramLabel = "FILE", description = "The endorser's passphrase from the first line of FILE.")
        java.nio.file.Path endorserFile;

        @Override
        protected Integer run(Countersign app) {
            String who = reviewer(app, reviewer);
            switch (action) {
                case "show" -> {
                    var state = app.signing().state(who);
                    out().println(Listing.oneLine(who) + ": " + switch (state) {
                        case NONE -> "no signing key (create one: countersign review key create)";
                        case LOCKED, UNLOCKED -> "signing key " + app.signing().keyId(who).orElse("?");
                    });
                    return ExitCodes.OK;
                }
                case "create" -> {
                    if (app.signing().state(who) != io.countersign.core.review.ReviewerKeys.State.NONE) {
                        err().println("countersign review key create: " + Listing.oneLine(who) + " has a signing key already ("
                                + app.signing().keyId(who).orElse("?") + ")");
                        return ExitCodes.BAD_INPUT;
                    }
                    char[] p;
                    try {
                        p = passphrase.obtain(who, true).orElse(null);
                    } catch (IllegalArgumentException e) {
                        err().println("countersign review key create: " + e.getMessage());
                        return ExitCodes.BAD_INPUT;
                    }
                    if (p == null) {
                        err().println("countersign review key create: no passphrase: give --passphrase-env VAR or --passphrase-file FILE, "
                                + "or run it in a terminal to be asked");
                        return ExitCodes.BAD_INPUT;
                    }
                    char[] endorserPassphrase = null;
                    try {
                        if (endorser != null) {
                            endorserPassphrase = PassphraseOptions.read("--endorser-passphrase-env", endorserEnv,
                                    "--endorser-passphrase-file", endorserFile).or(() -> prompt(endorser)).orElseThrow(() ->
                                    new IllegalArgumentException("no passphrase for the endorser " + endorser + ": give "
                                            + "--endorser-passphrase-env VAR or --endorser-passphrase-file FILE, or run it in a terminal"));
                            app.signing().create(who, p, endorser, endorserPassphrase);
                        } else {
                            app.signing().create(who, p);
                        }
                    } catch (IllegalArgumentException | IllegalStateException | io.countersign.core.review.ReviewException e) {
                        err().println("countersign review key create: " + Listing.oneLine(e.getMessage()));
                        return ExitCodes.BAD_INPUT;
                    } finally {
                        java.util.Arrays.fill(p, '\0');
                        if (endorserPassphrase != null) {
                            java.util.Arrays.fill(endorserPassphrase, '\0');
                        }
                    }
                    out().println("signing key " + app.signing().keyId(who).orElse("?") + " created for " + Listing.oneLine(who)
                            + (endorser == null ? "" : ", endorsed by " + Listing.oneLine(endorser))
                            + "; its public part is in the audit log (reviewer.key-added)");
                    return ExitCodes.OK;
                }
                default -> {
                    err().println("countersign review key: ACTION is create or show, not '" + Listing.oneLine(action) + "'");
                    return ExitCodes.BAD_INPUT;
                }
            }
        }
    }
}
