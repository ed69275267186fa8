package io.countersign.ui.outbox;

import io.countersign.core.outbox.OutboxEntry;
import io.countersign.core.outbox.OutboxState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One outbox entry as the Outbox tab shows it: the state in words, when it goes (or went) and
 * why it waits, and the approval it rests on.
 *
 * @param assisted the identity sends by hand (linkedin-assisted): a person claims and confirms it
 */
public record OutboxRow(OutboxEntry entry, boolean assisted, String when, String why) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss");

    static OutboxRow of(OutboxEntry e, boolean assisted, Instant now, ZoneId zone) {
        return of(e, assisted, false, now, zone);
    }

    /** @param pausedAll sending is paused for the workspace: what is due says it is held */
    static OutboxRow of(OutboxEntry e, boolean assisted, boolean pausedAll, Instant now, ZoneId zone) {
        String when;
        String why;
        switch (e.state()) {
            case SCHEDULED -> {
                if (e.undoUntil().isAfter(now)) {
                    long s = Math.max(1, Duration.between(now, e.undoUntil()).toSeconds() + 1);
                    when = "sending in " + s + " s";
                    why = "undo window: press u (or Cancel) to withdraw the approval";
                } else if (assisted) {
                    when = e.notBefore().isAfter(now) ? "from " + TIME.withZone(zone).format(e.notBefore()) : "now";
                    why = e.waitReason().isEmpty() || e.waitReason().equals("undo window")
                            ? "sent by hand: select it and press Send by hand" : e.waitReason();
                } else {
                    when = e.notBefore().isAfter(now) ? TIME.withZone(zone).format(e.notBefore()) : "due now";
                    why = e.waitReason().equals("undo window") ? "" : e.waitReason();
                    if (pausedAll && !e.notBefore().isAfter(now)) {
                        why = "held: all sending is paused";
                    }
                }
            }
            case SENDING -> {
                when = "sending";
                why = assisted ? "being sent by hand: confirm Sent or Not sent" : "handed to the transport";
            }
            case SENT -> {
                when = e.sentAt() == null ? "" : TIME.withZone(zone).format(e.sentAt());
                why = e.providerId().isEmpty() ? "" : "provider id " + e.providerId();
            }
            case CANCELLED -> {
                when = TIME.withZone(zone).format(e.updatedAt());
                why = e.waitReason();
            }
            default -> {
                when = TIME.withZone(zone).format(e.updatedAt());
                why = e.lastError();
            }
        }
        return new OutboxRow(e, assisted, when, why);
    }

    /** A moment as the Outbox shows it: "Wed 2 Dec 09:41:07" in the reviewer's timezone. */
    public static String time(Instant at, ZoneId zone) {
        return TIME.withZone(zone).format(at);
    }

    public long id() {
        return entry.id();
    }

    public OutboxState state() {
        return entry.state();
    }

    public String stateText() {
        return switch (entry.state()) {
            case SCHEDULED -> entry.attempts() > 0 ? "retrying (" + entry.attempts() + ")" : "scheduled";
            case SENDING -> "sending";
            case SENT -> "sent";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case UNKNOWN -> "unknown";
        };
    }

    public String approval() {
        return entry.approvalHash().isEmpty() ? "none found" : "#" + entry.approvalSeq() + " by " + entry.approvedBy();
    }
}
