package io.countersign.ui.outbox;

import io.countersign.core.identity.Identity;
import io.countersign.core.identity.Transport;
import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.OutboxService;
import io.countersign.core.outbox.OutboxState;
import io.countersign.core.outbox.Sender;
import io.countersign.ui.common.ConsoleServices;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Outbox tab: what is scheduled (when, and why it waits), sending (with the undo countdown),
 * sent, failed (with the reason, and Retry), unknown (with Resolve), and LinkedIn messages a person
 * sends by hand. Also the workspace's pause-all switch. Toolkit-free: tested with a direct executor.
 */
public final class OutboxViewModel {

    /** The table shows the most recent entries of the chosen state. */
    static final int MAX_ROWS = 2_000;

    private final ConsoleServices services;
    private final ObservableList<OutboxRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<OutboxState> filter = new SimpleObjectProperty<>();
    private final StringProperty counts = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty pausedAll = new SimpleStringProperty("");
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final StringProperty alert = new SimpleStringProperty("");
    private List<OutboxEntry> entries = List.of();
    private Set<String> assistedIdentities = Set.of();
    private final ZoneId zone = ZoneId.systemDefault();

    public OutboxViewModel(ConsoleServices services) {
        this.services = services;
        filter.addListener((o, a, b) -> load());
    }

    private record Snapshot(List<OutboxEntry> entries, Map<OutboxState, Integer> counts, Set<String> assisted,
                            Optional<io.countersign.core.outbox.OutboxStore.Switch> paused) {
    }

    /** Reads the outbox off the UI thread and shows it. */
    public void load() {
        OutboxState state = filter.get();
        services.tasks().debounce("outbox", Duration.ofMillis(150), () -> {
            OutboxService o = services.outbox();
            Set<String> assisted = new HashSet<>();
            for (Identity i : services.identities().all()) {
                if (i.transport().kind() == Transport.Kind.LINKEDIN_ASSISTED) {
                    assisted.add(i.id());
                }
            }
            return new Snapshot(o.list(state, null, 0, MAX_ROWS), o.counts(), assisted, o.pausedAll());
        }, s -> {
            entries = s.entries();
            assistedIdentities = s.assisted();
            Map<OutboxState, Integer> c = new EnumMap<>(OutboxState.class);
            c.putAll(s.counts());
            counts.set(c.getOrDefault(OutboxState.SCHEDULED, 0) + " scheduled · " + c.getOrDefault(OutboxState.SENDING, 0)
                    + " sending · " + c.getOrDefault(OutboxState.SENT, 0) + " sent · " + c.getOrDefault(OutboxState.FAILED, 0)
                    + " failed · " + c.getOrDefault(OutboxState.UNKNOWN, 0) + " unknown · "
                    + c.getOrDefault(OutboxState.CANCELLED, 0) + " cancelled");
            paused.set(s.paused().isPresent());
            pausedAll.set(s.paused().map(p -> "Sending is paused for every identity since "
                    + OutboxRow.time(p.since(), zone) + " by " + p.by()
                    + ": " + p.reason()).orElse(""));
            tick();
        }, e -> status.set("Cannot read the outbox: " + e.getMessage()));
    }

    /** Recomputes what the rows say about time ("sending in 7 s") without reading the store; once a second. */
    public void tick() {
        Instant now = services.clock().instant();
        List<OutboxRow> out = new ArrayList<>(entries.size());
        for (OutboxEntry e : entries) {
            out.add(OutboxRow.of(e, assistedIdentities.contains(e.identityId()), paused.get(), now, zone));
        }
        if (!out.equals(rows)) {
            rows.setAll(out);
        }
    }

    /** A background run ended: say what it did and show the new states. */
    public void runFinished(Sender.Run run) {
        if (!run.alerts().isEmpty()) {
            alert.set(String.join("\n", run.alerts()));
            services.dialogs().showError("Sending stopped for an identity", String.join("\n", run.alerts())
                    + "\n\nSettings → Sending identities shows why; resume it there once the cause is fixed.");
        }
        if (run.sent() + run.failed() + run.unknown() + run.retrying() + run.scheduled() > 0 || !run.refused().isEmpty()) {
            status.set("Sender: " + run.sent() + " sent, " + run.failed() + " failed, " + run.retrying() + " retrying, "
                    + run.unknown() + " unknown" + (run.refused().isEmpty() ? "" : ", " + run.refused().size()
                    + " refused at the gate") + "; " + run.waiting() + " waiting");
        }
        load();
    }

    /** A pass over the identities' mailboxes ended: say what came back, and which mailboxes could not be read. */
    public void resultsRead(io.countersign.core.outbox.ResultsService.Poll poll) {
        StringBuilder b = new StringBuilder();
        poll.found().forEach((id, f) -> {
            if (f.bounces() + f.replies() > 0) {
                b.append(b.length() == 0 ? "Results: " : "; ").append(id).append(": ").append(f.summary());
            }
        });
        for (String u : poll.unavailable()) {
            b.append(b.length() == 0 ? "" : "; ").append("cannot read ").append(u);
        }
        if (b.length() > 0) {
            status.set(b.toString());
            load();
        }
    }

    public void senderFailed(Exception e) {
        status.set("The sender stopped on an error (it retries within a minute): " + e.getMessage());
    }

    public void cancel(OutboxRow row) {
        if (row == null) {
            return;
        }
        services.tasks().submit(() -> services.outbox().cancel(row.id(), services.actor(), "cancelled in the Outbox"),
                e -> {
                    status.set("Cancelled: draft " + e.draftId() + " is back in the queue");
                    load();
                }, e -> status.set("Cannot cancel: " + e.getMessage()));
    }

    public void retry(OutboxRow row) {
        if (row == null) {
            return;
        }
        services.tasks().submit(() -> services.outbox().retry(row.id(), services.actor()), e -> {
            status.set("Scheduled again: " + e.recipient());
            load();
        }, e -> status.set("Cannot retry: " + e.getMessage()));
    }

    /** Unknown outcome: the reviewer says whether it went out. A message sent by hand: its confirmation. */
    public void resolve(OutboxRow row, boolean sent) {
        if (row == null) {
            return;
        }
        services.tasks().submit(() -> row.state() == OutboxState.SENDING && row.assisted()
                        ? services.outbox().confirmAssisted(row.id(), sent, services.actor())
                        : services.outbox().resolve(row.id(), sent, services.actor()),
                e -> {
                    status.set(sent ? "Recorded as sent: " + e.recipient() : "Recorded as not sent; scheduled again");
                    load();
                }, e -> status.set("Cannot resolve: " + e.getMessage()));
    }

    /** A LinkedIn message sent by hand: claimed (limits and gate checked), shown with Copy, then confirmed. */
    public void sendByHand(OutboxRow row) {
        if (row == null || !row.assisted()) {
            status.set("Select a LinkedIn message sent by hand (linkedin-assisted identity)");
            return;
        }
        services.tasks().submit(() -> row.state() == OutboxState.SENDING ? row.entry() : services.outbox().claimAssisted(row.id()).entry(),
                e -> {
                    load();
                    Optional<Boolean> answer = services.dialogs().show(new AssistedSendDialog(e.identityId(), e.recipient(),
                            e.recipient(), e.body(), () -> services.dialogs().openLink(e.recipient())));
                    if (answer.isPresent()) {
                        resolve(OutboxRow.of(e, true, services.clock().instant(), zone), answer.get());
                    } else {
                        status.set("Waiting for your confirmation: select it and choose Sent or Not sent");
                    }
                }, e -> status.set("Cannot send by hand now: " + e.getMessage()));
    }

    /** Ctrl+Shift+P: pauses all sending (asks why) or resumes it. */
    public void togglePauseAll() {
        if (paused.get()) {
            services.tasks().submit(() -> services.outbox().resumeAll(services.actor()), r -> {
                status.set("Sending resumed");
                load();
            }, e -> status.set("Cannot resume sending: " + e.getMessage()));
            return;
        }
        services.dialogs().show(new PauseAllDialog()).ifPresent(reason -> services.tasks().submit(() -> {
            services.outbox().pauseAll(services.actor(), reason);
            return reason;
        }, r -> {
            status.set("All sending paused: " + r);
            load();
        }, e -> status.set("Cannot pause sending: " + e.getMessage())));
    }

    public ObservableList<OutboxRow> rows() {
        return rows;
    }

    public ObjectProperty<OutboxState> filter() {
        return filter;
    }

    public StringProperty counts() {
        return counts;
    }

    public StringProperty status() {
        return status;
    }

    /** "" while sending runs; otherwise who paused it, when and why. */
    public StringProperty pausedAll() {
        return pausedAll;
    }

    /** The last anomaly stop raised (identity and figures), "" when none. */
    public StringProperty alert() {
        return alert;
    }

    public BooleanProperty paused() {
        return paused;
    }
}
