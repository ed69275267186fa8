package io.countersign.ui.settings;

import io.countersign.core.contact.Suppression;
import io.countersign.core.contact.SuppressionCsv;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyOverride;
import io.countersign.core.policy.PolicyRule;
import io.countersign.core.policy.RuleMode;
import io.countersign.core.policy.RuleSetting;
import io.countersign.core.replies.ReplyFileReader;
import io.countersign.core.replies.ReplyIntake;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.common.ProblemList;
import io.countersign.ui.common.SuppressionRequest;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * Settings: the policy in force (its rules, modes and overrides; Try policy) and the do-not-contact
 * list (browse, add an objection by hand, import a CSV). Adding entries re-checks pending drafts.
 */
public final class SettingsViewModel {

    /** Import CSV…: do-not-contact rows. */
    public static final io.countersign.ui.common.FileChoice SUPPRESSION_CSV = new io.countersign.ui.common.FileChoice("csv",
            "Import a do-not-contact CSV (kind,value[,reason][,source])", "CSV", List.of("*.csv"));
    /** Import replies…: leads' replies as JSON lines. */
    public static final io.countersign.ui.common.FileChoice REPLIES_FILE = new io.countersign.ui.common.FileChoice("replies",
            "Import leads' replies (JSON lines: channel, from/leadId, text)", "JSON lines", List.of("*.jsonl", "*.json"));

    /** One rule of the policy in force as the table shows it. */
    public record RuleRow(String id, String mode, String overrides) {
    }

    /** One do-not-contact entry as the table shows it. */
    public record EntryRow(String kind, String value, String reason, String source, String addedBy, String addedAt) {
        String searchable() {
            return (kind + " " + value + " " + reason + " " + source + " " + addedBy).toLowerCase(Locale.ROOT);
        }
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ConsoleServices services;
    private final ObservableList<RuleRow> rules = FXCollections.observableArrayList();
    private final ObservableList<EntryRow> entries = FXCollections.observableArrayList();
    private final FilteredList<EntryRow> shownEntries = new FilteredList<>(entries);
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty policyVersion = new SimpleStringProperty("");
    private final StringProperty policyDetails = new SimpleStringProperty("");
    private final StringProperty listStatus = new SimpleStringProperty("");
    private Consumer<String> draftsRechecked = summary -> { };
    /** The outcome of the reviewer's last add or import, kept beside the counts. */
    private String lastOutcome = "";

    public SettingsViewModel(ConsoleServices services) {
        this.services = services;
        filter.addListener((o, a, b) -> {
            String needle = b == null ? "" : b.strip().toLowerCase(Locale.ROOT);
            shownEntries.setPredicate(needle.isEmpty() ? null : row -> row.searchable().contains(needle));
            updateListStatus();
        });
        refreshPolicy();
    }

    /** Called with a one-line summary after entries were added (the queue must reload: decisions changed). */
    public void onDraftsRechecked(Consumer<String> listener) {
        this.draftsRechecked = listener;
    }

    public void refreshPolicy() {
        Policy policy = services.policy().get();
        policyVersion.set(policy.shortVersion());
        policyDetails.set(policy.version() + (policy.wordListFiles().isEmpty() ? ""
                : " · word lists: " + String.join(", ", policy.wordListFiles())));
        List<RuleRow> rows = new ArrayList<>();
        for (PolicyRule rule : policy.rules()) {
            RuleSetting base = policy.baseSetting(rule.id());
            String mode = !base.enabled().orElse(true) ? "off"
                    : base.mode().orElse(RuleMode.ENFORCE) == RuleMode.OBSERVE ? "observe" : "enforce";
            List<String> overrides = new ArrayList<>();
            for (PolicyOverride o : policy.overrides()) {
                RuleSetting s = o.rules().get(rule.id());
                if (s != null) {
                    overrides.add(o.dimension().key() + " " + o.value() + ": " + describe(s));
                }
            }
            rows.add(new RuleRow(rule.id(), mode, String.join("; ", overrides)));
        }
        rules.setAll(rows);
    }

    private static String describe(RuleSetting s) {
        List<String> parts = new ArrayList<>();
        s.enabled().ifPresent(e -> parts.add(e ? "on" : "off"));
        s.severity().ifPresent(v -> parts.add(v.wireName()));
        s.mode().ifPresent(m -> parts.add(m == RuleMode.OBSERVE ? "observe" : "enforce"));
        return parts.isEmpty() ? "inherits" : String.join(", ", parts);
    }

    /** One sending identity as Settings lists it. */
    public record IdentityRow(String id, String channel, String address, String transport, String window, String limits,
                              String state, boolean paused, int usedToday, int capToday, boolean sandbox) {
        /** "12 / 50" (the cap is the warm-up day's when lower than the daily limit). */
        public String usage() {
            return usedToday + " / " + capToday;
        }

        /** Share of today's cap used, 0 to 1, for the bar. */
        public double used() {
            return capToday <= 0 ? 1 : Math.min(1, usedToday / (double) capToday);
        }
    }

    private final javafx.collections.ObservableList<IdentityRow> identities = javafx.collections.FXCollections.observableArrayList();
    private final javafx.beans.property.StringProperty identityStatus = new javafx.beans.property.SimpleStringProperty("");

    public javafx.collections.ObservableList<IdentityRow> identities() {
        return identities;
    }

    public javafx.beans.property.StringProperty identityStatus() {
        return identityStatus;
    }

    public void loadIdentities() {
        services.tasks().submit(() -> {
            List<io.countersign.core.identity.Identity> all = services.identities().all();
            java.util.Map<String, io.countersign.core.outbox.OutboxService.Usage> usage = new java.util.HashMap<>();
            for (io.countersign.core.identity.Identity i : all) {
                usage.put(i.id(), services.outbox().usageToday(i));
            }
            return java.util.Map.entry(all, usage);
        }, loaded -> {
            List<io.countersign.core.identity.Identity> list = loaded.getKey();
            List<IdentityRow> rows = new ArrayList<>(list.size());
            for (io.countersign.core.identity.Identity i : list) {
                var u = loaded.getValue().get(i.id());
                rows.add(new IdentityRow(i.id(), i.channel().wireName(), i.address(),
                        i.transport().text() + (i.sandbox() ? " (delivers to this workspace only)" : ""), i.windowText(),
                        i.dailyLimit() + "/day, " + i.minGap().toSeconds() + " s apart"
                                + (i.warmup() == null ? "" : ", warm-up " + i.warmup().start() + " +" + i.warmup().step() + "/day"),
                        i.paused() ? "paused: " + i.stateReason() + " (" + i.stateBy() + ")"
                                : u.cap() < i.dailyLimit() ? "warming up: " + u.cap() + " today" : "active", i.paused(),
                        u.used(), u.cap(), i.sandbox()));
            }
            identities.setAll(rows);
            if (identityStatus.get().isEmpty() || identityStatus.get().startsWith("No ") || identityStatus.get().endsWith(" identities")
                    || identityStatus.get().endsWith(" identity")) {
                identityStatus.set(rows.isEmpty() ? "No sending identities yet: add them with 'countersign identities add'."
                        : rows.size() + (rows.size() == 1 ? " identity" : " identities"));
            }
        }, e -> identityStatus.set("Cannot read the identities: " + e.getMessage()));
    }

    /** Add identity…: the form checks each setting as it is typed; the identity is stored (audited) on Add. */
    public void addIdentity() {
        services.dialogs().show(new IdentityDialog(java.time.ZoneId.systemDefault().getId(), null, r -> {
            try {
                services.identities().check(r.spec(), r.secret(), services.actor());
                return java.util.Optional.empty();
            } catch (io.countersign.core.identity.IdentityException e) {
                return java.util.Optional.of(e.getMessage().replaceFirst("^--([a-z-]+):", "$1:"));
            }
        })).ifPresent(r -> services.tasks().submit(() -> services.identities().add(r.spec(), r.secret(), services.actor()),
                c -> {
                    identityStatus.set("Added " + c.identity().id() + " (" + c.identity().transport().text() + ")"
                            + (c.decisionsChanged() == 0 ? "" : "; " + c.decisionsChanged() + " pending decision"
                            + (c.decisionsChanged() == 1 ? "" : "s") + " changed"));
                    if (r.secret() != null) {
                        java.util.Arrays.fill(r.secret(), '\0');
                    }
                    loadIdentities();
                }, e -> identityStatus.set("Identity not added: " + e.getMessage())));
    }

    /** Edit…: the same form, starting from the identity's settings; only what changed is stored (audited). */
    public void editIdentity(IdentityRow row) {
        if (row == null) {
            return;
        }
        services.tasks().submit(() -> services.identities().find(row.id()), current -> {
            if (current.isEmpty()) {
                identityStatus.set("No identity " + row.id() + " any more");
                return;
            }
            services.dialogs().show(new IdentityDialog(current.get().timezone().getId(),
                    io.countersign.core.identity.IdentityService.specOf(current.get()), r -> {
                try {
                    services.identities().checkEdit(r.spec(), r.secret(), services.actor());
                    return java.util.Optional.empty();
                } catch (io.countersign.core.identity.IdentityException e) {
                    return java.util.Optional.of(e.getMessage().replaceFirst("^--([a-z-]+):", "$1:"));
                }
            })).ifPresent(r -> services.tasks().submit(() -> services.identities().edit(r.spec(), r.secret(), services.actor()),
                    edited -> {
                        identityStatus.set("Changed " + edited.identity().id() + ": " + String.join(", ", edited.changes().keySet()));
                        loadIdentities();
                    }, e -> identityStatus.set("Not changed: " + e.getMessage())));
        }, e -> identityStatus.set("Cannot read " + row.id() + ": " + e.getMessage()));
    }

    /** Remove…: asks why, removes the identity (audited) and re-checks pending drafts. */
    public void removeIdentity(IdentityRow row) {
        if (row == null) {
            return;
        }
        services.dialogs().show(new RemoveIdentityDialog(row.id())).ifPresent(reason -> services.tasks().submit(
                () -> services.identities().remove(row.id(), reason, services.actor()), c -> {
                    identityStatus.set("Removed " + c.identity().id() + "; " + c.decisionsChanged() + " pending decision"
                            + (c.decisionsChanged() == 1 ? "" : "s") + " changed");
                    loadIdentities();
                }, e -> identityStatus.set("Not removed: " + e.getMessage())));
    }

    /**
     * Sign in with OAuth…: asks for the provider and client, opens the browser at the provider's
     * sign-in page and waits for it on a worker (the window stays usable); afterwards the identity
     * logs in with XOAUTH2 and renews its own access.
     */
    public void signIn(IdentityRow row) {
        if (row == null) {
            return;
        }
        if (!row.transport().startsWith("smtp")) {
            identityStatus.set(row.id() + " sends with " + row.transport() + ": signing in with OAuth is for SMTP mailboxes");
            return;
        }
        services.dialogs().show(new SignInDialog(row.id(), row.address())).ifPresent(request -> {
            identityStatus.set("Opening the browser: sign in as " + row.address() + " there (waiting up to "
                    + SignInDialog.WAIT.toMinutes() + " min)…");
            // Its own thread: waiting minutes for the browser must not hold up the console's one worker.
            Thread flow = new Thread(() -> {
                try {
                    var edited = services.signIn().signIn(row.id(), request,
                            uri -> services.tasks().onUiThread(() -> services.dialogs().openLink(uri.toString())), services.actor());
                    services.tasks().onUiThread(() -> {
                        identityStatus.set("Signed in " + edited.identity().id()
                                + ": it logs in with XOAUTH2 and renews its access by itself.");
                        loadIdentities();
                    });
                } catch (Exception e) {
                    services.tasks().onUiThread(() -> identityStatus.set("Not signed in: " + e.getMessage()));
                }
            }, "countersign-sign-in");
            flow.setDaemon(true);
            flow.start();
        });
    }

    /** Send test message to me: one message through the identity's real transport to the reviewer's own address. */
    public void sendTest(IdentityRow row) {
        if (row == null) {
            return;
        }
        services.dialogs().show(new TestMessageDialog(row.id())).ifPresent(to -> {
            identityStatus.set("Sending a test message from " + row.id() + " to " + to + "…");
            services.tasks().submit(() -> {
                var identity = services.identities().find(row.id()).orElseThrow();
                return services.sender().test(identity, to, services.actor());
            }, outcome -> identityStatus.set(describeTest(row.id(), to, outcome)), e -> identityStatus.set("Cannot send a test message: " + e.getMessage()));
        });
    }

    static String describeTest(String id, String to, io.countersign.core.outbox.SendOutcome outcome) {
        if (outcome instanceof io.countersign.core.outbox.SendOutcome.Sent s) {
            return "Test message from " + id + " sent to " + to + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")")
                    + ": check that it arrived.";
        }
        if (outcome instanceof io.countersign.core.outbox.SendOutcome.Failed f) {
            return "Test message from " + id + " failed: " + f.reason();
        }
        if (outcome instanceof io.countersign.core.outbox.SendOutcome.CredentialsRefused c) {
            return "Test message from " + id + " refused: " + c.reason();
        }
        return "Test message from " + id + ": outcome unknown: " + ((io.countersign.core.outbox.SendOutcome.Unknown) outcome).reason();
    }

    /** Pauses the identity after asking why (audited); resumes a paused one. */
    public void togglePause(IdentityRow row) {
        if (row == null) {
            return;
        }
        if (row.paused()) {
            services.tasks().submit(() -> services.identities().resume(row.id(), services.actor()), c -> {
                identityStatus.set("Resumed " + c.identity().id() + "; " + c.decisionsChanged() + " pending decision"
                        + (c.decisionsChanged() == 1 ? "" : "s") + " changed.");
                loadIdentities();
            }, e -> services.dialogs().showError("Not resumed", String.valueOf(e.getMessage())));
            return;
        }
        services.dialogs().show(new PauseIdentityDialog(row.id())).ifPresent(reason -> services.tasks().submit(
                () -> services.identities().pause(row.id(), reason, services.actor()), c -> {
                    identityStatus.set("Paused " + c.identity().id() + ": " + c.identity().stateReason() + "; "
                            + c.decisionsChanged() + " pending decision" + (c.decisionsChanged() == 1 ? "" : "s") + " changed.");
                    loadIdentities();
                }, e -> services.dialogs().showError("Not paused", String.valueOf(e.getMessage()))));
    }

    public void loadEntries() {
        services.tasks().submit(() -> services.doNotContact().entries(), list -> {
            List<EntryRow> rows = new ArrayList<>(list.size());
            for (Suppression s : list) {
                rows.add(new EntryRow(s.kind().wireName(), s.value(), s.reason(), s.source(), s.addedBy(),
                        WHEN.format(s.addedAt().atZone(ZoneId.systemDefault()))));
            }
            entries.setAll(rows);
            updateListStatus();
        }, e -> listStatus.set("Cannot read the do-not-contact list: " + e.getMessage()));
    }

    private void updateListStatus() {
        int all = entries.size();
        int shown = shownEntries.size();
        listStatus.set((all == 1 ? "1 entry" : all + " entries") + (shown == all ? "" : " · " + shown + " shown")
                + " · every channel, every sending identity" + (lastOutcome.isEmpty() ? "" : " — " + lastOutcome));
    }

    /** Asks why and withdraws an entry added by mistake, in the reviewer's name; pending drafts are re-checked. */
    public void withdraw(EntryRow row) {
        if (row == null) {
            return;
        }
        Suppression.Kind kind = Suppression.Kind.fromWireName(row.kind()).orElseThrow();
        String label = row.kind() + " " + row.value();
        services.dialogs().show(new WithdrawDialog(label, row.addedBy(), row.reason())).ifPresent(why -> services.tasks().submit(
                () -> services.doNotContact().withdraw(kind, row.value(), why, services.actor(), services.clock().instant()),
                changed -> {
                    String summary = changed < 0 ? label + " is no longer on the list."
                            : "Withdrew " + label + " from the do-not-contact list; " + changed + " pending decision"
                            + (changed == 1 ? "" : "s") + " changed.";
                    lastOutcome = summary;
                    updateListStatus();
                    if (changed < 0) {
                        loadEntries();
                    }
                    draftsRechecked.accept(summary);
                }, e -> services.dialogs().showError("Not withdrawn", e.getMessage())));
    }

    /** Asks for an entry and adds it in the reviewer's name. */
    public void addEntry() {
        services.dialogs().show(new SuppressionDialog()).ifPresent(this::add);
    }

    void add(SuppressionRequest request) {
        Suppression entry;
        try {
            entry = new Suppression(request.kind(), request.kind().normalize(request.value()), request.reason(),
                    request.source(), services.reviewer(), services.clock().instant());
        } catch (IllegalArgumentException e) {
            services.dialogs().showError("Not added", e.getMessage());
            return;
        }
        services.tasks().submit(() -> services.doNotContact().add(List.of(entry), services.actor()).added(), added -> {
            String summary = added == 0 ? entry.kind().wireName() + " " + entry.value() + " was already on the do-not-contact list."
                    : "Added " + entry.kind().wireName() + " " + entry.value() + " to the do-not-contact list; pending drafts re-checked.";
            lastOutcome = summary;
            updateListStatus();
            if (added > 0) {
                draftsRechecked.accept(summary); // the change feed reloads the list
            } else {
                loadEntries();
            }
        }, e -> services.dialogs().showError("Not added", e.getMessage()));
    }

    /** Asks for a CSV (kind,value[,reason][,source]) and adds its good rows; bad rows are listed with their line. */
    public void importCsv() {
        services.dialogs().chooseFile(SUPPRESSION_CSV).ifPresent(this::importCsv);
    }

    void importCsv(Path file) {
        services.tasks().submit(() -> {
            SuppressionCsv.Result read;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read = SuppressionCsv.read(r, String.valueOf(file.getFileName()), services.reviewer(), services.clock().instant());
            }
            int added = read.fatal() ? 0 : services.doNotContact().add(read.entries(), services.actor()).added();
            return new ImportOutcome(read, added);
        }, outcome -> {
            SuppressionCsv.Result read = outcome.read();
            String summary = read.fatal() ? "Nothing imported from " + file.getFileName()
                    : outcome.added() + " added, " + (read.entries().size() - outcome.added()) + " already listed, "
                    + read.problems().size() + " rejected (" + file.getFileName() + ")";
            lastOutcome = summary;
            updateListStatus();
            if (outcome.added() > 0) {
                draftsRechecked.accept(summary + "; pending drafts re-checked."); // the change feed reloads the list
            } else {
                loadEntries();
            }
            if (!read.problems().isEmpty()) {
                String problems = ProblemList.firstLines(read.problems());
                if (read.fatal()) {
                    services.dialogs().showError("Nothing imported", problems);
                } else {
                    services.dialogs().showInfo("Some rows were rejected", summary + ".\n\n" + problems);
                }
            }
        }, e -> services.dialogs().showError("Cannot import " + file.getFileName(), String.valueOf(e.getMessage())));
    }

    private record ImportOutcome(SuppressionCsv.Result read, int added) {
    }

    /**
     * Asks for a file of leads' replies (e.g. LinkedIn conversations exported as JSON lines) and
     * suppresses every sender whose reply objects; the reviewer sees each objection found.
     */
    public void importReplies() {
        services.dialogs().chooseFile(REPLIES_FILE).ifPresent(this::importReplies);
    }

    void importReplies(Path file) {
        String name = String.valueOf(file.getFileName());
        services.tasks().submit(() -> {
            ReplyFileReader.Result read = ReplyFileReader.read(name, Files.readAllBytes(file));
            List<ReplyIntake.Outcome> outcomes = ReplyIntake.assess(read.replies(), services.reviewer(), services.clock().instant());
            List<Suppression> entries = ReplyIntake.entriesOf(outcomes);
            int added = services.doNotContact().add(entries, services.actor()).added();
            return new RepliesOutcome(read, outcomes, added);
        }, r -> {
            long objections = r.outcomes().stream().filter(o -> o.objection().isPresent()).count();
            String summary = r.outcomes().size() + (r.outcomes().size() == 1 ? " reply" : " replies") + " from " + name + ": "
                    + objections + (objections == 1 ? " objection" : " objections") + ", " + r.added() + " added to the list";
            lastOutcome = summary;
            updateListStatus();
            if (r.added() > 0) {
                draftsRechecked.accept(summary + "; pending drafts re-checked."); // the change feed reloads the list
            } else {
                loadEntries();
            }
            StringBuilder details = new StringBuilder(summary).append(".\n");
            for (ReplyIntake.Outcome o : r.outcomes()) {
                if (o.objection().isPresent()) {
                    details.append("\n\u2022 ").append(o.reply().from().isEmpty() ? "lead " + o.reply().leadId() : o.reply().from())
                            .append(": \u201c").append(o.objection().get().phrase()).append("\u201d")
                            .append(o.entries().isEmpty() ? " \u2014 names no email, LinkedIn URL or lead id, not suppressed" : "");
                }
            }
            if (!r.read().problems().isEmpty()) {
                details.append("\n").append(ProblemList.firstLines(r.read().problems()));
            }
            services.dialogs().showInfo("Replies imported", details.toString());
        }, e -> services.dialogs().showError("Cannot import " + name, String.valueOf(e.getMessage())));
    }

    private record RepliesOutcome(ReplyFileReader.Result read, List<ReplyIntake.Outcome> outcomes, int added) {
    }

    public ObservableList<RuleRow> rules() {
        return rules;
    }

    public ObservableList<EntryRow> entries() {
        return shownEntries;
    }

    public StringProperty filter() {
        return filter;
    }

    public StringProperty policyVersion() {
        return policyVersion;
    }

    public StringProperty policyDetails() {
        return policyDetails;
    }

    public StringProperty listStatus() {
        return listStatus;
    }
}
