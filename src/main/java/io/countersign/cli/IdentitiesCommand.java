package io.countersign.cli;

import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityException;
import io.countersign.core.identity.IdentityService;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "identities", mixinStandardHelpOptions = true,
        description = {"Sending accounts (mailboxes and LinkedIn accounts): how each sends and what it may do.",
                "Every change is an audit event. Identities are added, listed (with today's use),",
                "paused and resumed; 'list' shows each one's use today (its local day) against its cap."},
        subcommands = {IdentitiesCommand.Add.class, IdentitiesCommand.Edit.class, IdentitiesCommand.Remove.class, IdentitiesCommand.ListIdentities.class, IdentitiesCommand.Pause.class,
                IdentitiesCommand.Resume.class, IdentitiesCommand.SignIn.class})
final class IdentitiesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static Actor actor(String by) {
        return Actor.human(by == null || by.isBlank() ? System.getProperty("user.name", "cli") : by.strip());
    }

    /** The settings of an identity, shared by add and edit (in edit, an option left out keeps its value). */
    static final class Settings {
        @Option(names = "--from", paramLabel = "ADDRESS_OR_PROFILE_URL",
                description = "The sender's email address, or the LinkedIn profile URL (required by add).") String from;
        @Option(names = "--transport",
                description = "sandbox (add's default: delivered to the workspace only), smtp://HOST:PORT, smtps://HOST:PORT, "
                        + "sendgrid[:BASE_URL], postmark[:BASE_URL], linkedin-assisted or webhook:https://URL.") String transport;
        @Option(names = "--name", paramLabel = "DISPLAY_NAME", description = "Shown as the sender (e.g. \"Maria Lopez\").") String name;
        @Option(names = "--owner", description = "The rep who owns the account.") String owner;
        @Option(names = "--daily-limit", paramLabel = "N", description = "Messages per day at most.") Integer dailyLimit;
        @Option(names = "--timezone", paramLabel = "ZONE", description = "e.g. Europe/Berlin.") String timezone;
        @Option(names = "--window", paramLabel = "HH:MM-HH:MM", description = "Sending hours, local.") String window;
        @Option(names = "--days", paramLabel = "DAYS", description = "e.g. mon-fri or mon,wed,fri.") String days;
        @Option(names = "--min-gap", paramLabel = "DURATION", description = "Between two sends, e.g. 90s or 2m.") String minGap;
        @Option(names = "--warmup", paramLabel = "START:STEP", description = "A new account's ramp, e.g. 10:5.") String warmup;
        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Read the password or API token from this environment variable (never from the command line).")
        String passwordEnv;
        @Option(names = "--password-file", paramLabel = "FILE", description = "... or from the first line of this file.")
        java.nio.file.Path passwordFile;
        @Option(names = "--user", paramLabel = "U", description = "The SMTP login (default: the --from address).") String user;
        @Option(names = "--auth", paramLabel = "password|xoauth2",
                description = "How the SMTP login proves itself: password (AUTH PLAIN/LOGIN, default) or xoauth2 "
                        + "(the secret is an OAuth access token: Google Workspace, Microsoft 365).") String auth;
        @Option(names = "--unsubscribe-url", paramLabel = "HTTPS_URL",
                description = "One-click unsubscribe (RFC 8058) for List-Unsubscribe; {messageId} is replaced by the message's id.")
        String unsubscribeUrl;
        @Option(names = "--connections-per-day", paramLabel = "N",
                description = "LinkedIn: connection requests a day at most (default 20).") Integer connectionsPerDay;
        @Option(names = "--connections-per-week", paramLabel = "N",
                description = "LinkedIn: connection requests in any 7 days at most (default 100).") Integer connectionsPerWeek;
        @Option(names = "--imap", paramLabel = "imaps://USER@HOST/FOLDER",
                description = "Email: the mailbox bounces and replies arrive in (read with the same secret; see 'results fetch').")
        String imap;
        @Option(names = "--rolling-24h", arity = "0..1", fallbackValue = "true",
                description = "Count the daily limit over the last 24 hours instead of the local day (--rolling-24h=false: local day).")
        Boolean rolling;
        @Option(names = "--by", description = "Who makes the change (default: the OS user).") String by;

        IdentityService.Spec spec(String id, Channel channel) {
            return new IdentityService.Spec(id, channel, from, transport, name, owner, dailyLimit, timezone, window, days, minGap,
                    warmup, user, auth, unsubscribeUrl, connectionsPerDay, connectionsPerWeek, imap, rolling);
        }

        /** The secret from --password-env or --password-file, or null; throws naming the option when it cannot be read. */
        char[] secret() throws IdentityException {
            if (passwordEnv != null && passwordFile != null) {
                throw new IdentityException("name --password-env or --password-file, not both");
            }
            if (passwordEnv != null) {
                String v = System.getenv(passwordEnv);
                if (v == null || v.isEmpty()) {
                    throw new IdentityException("--password-env: environment variable " + passwordEnv + " is not set");
                }
                return v.toCharArray();
            }
            if (passwordFile != null) {
                try {
                    String first = java.nio.file.Files.readAllLines(passwordFile, java.nio.charset.StandardCharsets.UTF_8)
                            .stream().findFirst().orElse("");
                    return first.strip().toCharArray();
                } catch (java.io.IOException e) {
                    throw new IdentityException("--password-file: cannot read " + io.countersign.core.io.IoErrors.describe(e));
                }
            }
            return null;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a sending identity. Defaults are what a careful sender picks: Mon–Fri 08:00–18:00 in",
                    "the identity's timezone (default: this computer's), at most " + IdentityService.DEFAULT_DAILY_LIMIT
                            + " messages a day, 90 s between sends."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:added", "2:bad arguments (the message names the option)"})
    static final class Add extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", description = "The id drafts name in identityId (e.g. maria.email).") String id;
        @Option(names = "--channel", required = true, description = "email or linkedin.") String channel;
        @Mixin Settings settings;

        Add() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            Channel ch = Channel.fromWireName(channel.strip().toLowerCase(java.util.Locale.ROOT)).orElse(null);
            if (ch == null) {
                err().println("countersign identities add: --channel: unknown channel '" + Listing.oneLine(channel) + "' (use email or linkedin)");
                return ExitCodes.BAD_INPUT;
            }
            if (settings.from == null) {
                err().println("countersign identities add: --from: required (the sender's address or LinkedIn profile URL)");
                return ExitCodes.BAD_INPUT;
            }
            char[] secret = null;
            try {
                secret = settings.secret();
                var added = app.identities().add(settings.spec(id, ch), secret, actor(settings.by));
                Identity i = added.identity();
                out().println("added " + i.id() + ": " + describe(i));
                if (added.decisionsChanged() > 0) {
                    err().println("pending drafts re-checked: " + added.decisionsChanged() + " decision"
                            + (added.decisionsChanged() == 1 ? "" : "s") + " changed");
                }
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities add: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            } finally {
                if (secret != null) {
                    java.util.Arrays.fill(secret, '\0');
                }
            }
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = {"Change an identity's settings: only the options given change (its id, channel, state and history",
                    "stay). Audited as identity.edited with each change from → to; a new secret only as 'replaced'."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:changed", "2:no such identity, a bad option, or nothing to change"})
    static final class Edit extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") String id;
        @Mixin Settings settings;

        Edit() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            char[] secret = null;
            try {
                secret = settings.secret();
                var edited = app.identities().edit(settings.spec(id, null), secret, actor(settings.by));
                out().println("changed " + edited.identity().id() + ": " + describe(edited.identity()));
                edited.changes().forEach((k, v) -> err().println("  " + k + ": " + Listing.oneLine(v)));
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities edit: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            } finally {
                if (secret != null) {
                    java.util.Arrays.fill(secret, '\0');
                }
            }
        }
    }

    @Command(name = "sign-in", mixinStandardHelpOptions = true,
            description = {"Sign an SMTP identity in with Google, Microsoft 365 or another OAuth 2.0 provider, so it logs in",
                    "with XOAUTH2 and renews its own access (no password stored). Prints an address to open in a",
                    "browser; after the person signs in there, the browser comes back to this computer and the",
                    "refresh token is kept encrypted in the workspace. Audited as identity.edited (auth → xoauth2).",
                    "The organisation registers Countersign as a desktop / public client app with its provider",
                    "first and passes that client id here (see README, Sending)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:signed in", "1:the provider refused or the browser did not come back", "2:bad arguments"})
    static final class SignIn extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--provider", required = true, paramLabel = "google|microsoft[:TENANT]|custom") String provider;
        @Option(names = "--client-id", required = true, paramLabel = "ID",
                description = "The OAuth client (app registration) your organisation created for Countersign.") String clientId;
        @Option(names = "--client-secret-env", paramLabel = "VAR",
                description = "Its secret, if it has one (Google desktop clients do), from this environment variable.")
        String clientSecretEnv;
        @Option(names = "--authorize-url", paramLabel = "URL", description = "custom: the authorization endpoint (https).")
        String authorizeUrl;
        @Option(names = "--token-url", paramLabel = "URL", description = "custom: the token endpoint (https).") String tokenUrl;
        @Option(names = "--scope", description = "Instead of the provider's scopes for sending and reading mail.") String scope;
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
                description = "How long to wait for the browser (default 5m).") String timeout;
        @Option(names = "--by", description = "Who signs it in (default: the OS user).") String by;

        SignIn() {
            super(Access.WITHOUT_POLICY);
        }

        @Override
        protected Integer run(Countersign app) {
            java.time.Duration wait;
            try {
                wait = io.countersign.core.identity.SendingWindows.gap(timeout);
            } catch (IdentityException e) {
                err().println("countersign identities sign-in: --timeout: '" + Listing.oneLine(timeout)
                        + "' is not a duration like 5m or 90s");
                return ExitCodes.BAD_INPUT;
            }
            if (wait.isZero() || wait.compareTo(java.time.Duration.ofHours(1)) > 0) {
                err().println("countersign identities sign-in: --timeout: between 1 s and 1 h");
                return ExitCodes.BAD_INPUT;
            }
            char[] clientSecret = null;
            if (clientSecretEnv != null) {
                String v = System.getenv(clientSecretEnv);
                if (v == null || v.isEmpty()) {
                    err().println("countersign identities sign-in: --client-secret-env: environment variable " + clientSecretEnv
                            + " is not set");
                    return ExitCodes.BAD_INPUT;
                }
                clientSecret = v.toCharArray();
            }
            try {
                var request = new io.countersign.core.identity.SignInFlow.Request(provider, clientId, clientSecret, authorizeUrl,
                        tokenUrl, scope, null, wait);
                var edited = app.signIn().signIn(id, request, address -> {
                    out().println("Open this address in a browser and sign in as the mailbox of " + Listing.oneLine(id) + ":");
                    out().println("  " + address);
                    out().println("Waiting for the browser to come back (at most " + timeout + ")…");
                    out().flush();
                }, actor(by));
                out().println("signed in " + edited.identity().id() + ": " + describe(edited.identity()));
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities sign-in: " + Listing.oneLine(e.getMessage()));
                return e instanceof io.countersign.core.identity.SignInFlow.Failed ? ExitCodes.CHECK_FAILED : ExitCodes.BAD_INPUT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err().println("countersign identities sign-in: interrupted; nothing was changed");
                return ExitCodes.CHECK_FAILED;
            } finally {
                if (clientSecret != null) {
                    java.util.Arrays.fill(clientSecret, '\0');
                }
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove an identity and forget its secret, with the reason (audited; its history stays in the log).",
                    "Pending drafts naming it are blocked; its scheduled messages wait, naming it, until it is added again",
                    "or they are cancelled (outbox cancel)."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:removed", "2:no such identity, or no reason"})
    static final class Remove extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--by", description = "Who removes it (default: the OS user).") String by;

        @Override
        protected Integer run(Countersign app) {
            try {
                var removed = app.identities().remove(id, reason, actor(by));
                out().println("removed " + removed.identity().id());
                int waiting = app.outbox().list(io.countersign.core.outbox.OutboxState.SCHEDULED, id, 0, 100_000).size();
                if (waiting > 0) {
                    err().println(waiting + " scheduled message" + (waiting == 1 ? "" : "s") + " of " + id
                            + " will wait until it is added again (or cancel them: countersign outbox --identity " + id + ")");
                }
                err().println("pending drafts re-checked: " + removed.decisionsChanged() + " decision"
                        + (removed.decisionsChanged() == 1 ? "" : "s") + " changed");
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities remove: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    static String describe(Identity i) {
        return i.channel().wireName() + " " + i.address() + " via " + i.transport().text() + ", " + i.windowText()
                + ", at most " + i.dailyLimit() + "/day, " + i.minGap().toSeconds() + " s apart"
                + (i.warmup() == null ? "" : ", warm-up " + i.warmup().start() + " +" + i.warmup().step() + "/day")
                + (i.login().mechanism() == Identity.Login.Mechanism.XOAUTH2 ? ", logs in with XOAUTH2" : "")
                + (i.paused() ? ", PAUSED: " + i.stateReason() + " (by " + i.stateBy() + ")" : "");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List identities: id, channel, address, transport, window, daily limit, used today of today's cap "
                    + "(warm-up included), min gap, warm-up, state, why, by, and whether credentials are stored (never the credentials).")
    static final class ListIdentities extends WorkspaceCommand {
        @Mixin
        Listing.Options output;

        ListIdentities() {
            super(Access.READ_ONLY);
        }

        @Override
        protected Integer run(Countersign app) {
            Listing listing = new Listing(out(), output.format, List.of("id", "channel", "address", "transport", "window",
                    "dailyLimit", "usedToday", "minGapSeconds", "warmup", "state", "stateReason", "stateBy", "credentials"));
            IdentityService service = app.identities();
            for (Identity i : service.all()) {
                var usage = app.outbox().usageToday(i);
                listing.row(i.id(), i.channel().wireName(), i.address(), i.transport().text(), i.windowText(),
                        String.valueOf(i.dailyLimit()), usage.used() + "/" + usage.cap() + " on " + usage.day(),
                        String.valueOf(i.minGap().toSeconds()),
                        i.warmup() == null ? "" : i.warmup().start() + ":" + i.warmup().step(), i.state().wireName(),
                        i.stateReason(), i.stateBy(), service.hasCredentials(i.id()) ? "stored" : "");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause an identity, with the reason (audited).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:paused", "2:no such identity, already paused, or no reason"})
    static final class Pause extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--reason", required = true) String reason;
        @Option(names = "--by", description = "Who pauses it (default: the OS user).") String by;

        Pause() {
            super(Access.WRITES); // re-checks pending drafts under the policy
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                var change = app.identities().pause(id, reason, actor(by));
                out().println("paused " + change.identity().id() + ": " + change.identity().stateReason());
                err().println("pending drafts re-checked: " + change.decisionsChanged() + " decision"
                        + (change.decisionsChanged() == 1 ? "" : "s") + " changed");
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities pause: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused identity (audited).",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:resumed", "2:no such identity, or not paused"})
    static final class Resume extends WorkspaceCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--by", description = "Who resumes it (default: the OS user).") String by;

        Resume() {
            super(Access.WRITES);
        }

        @Override
        protected Integer run(Countersign app) {
            try {
                var change = app.identities().resume(id, actor(by));
                out().println("resumed " + change.identity().id());
                err().println("pending drafts re-checked: " + change.decisionsChanged() + " decision"
                        + (change.decisionsChanged() == 1 ? "" : "s") + " changed");
                return ExitCodes.OK;
            } catch (IdentityException e) {
                err().println("countersign identities resume: " + Listing.oneLine(e.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }
}
