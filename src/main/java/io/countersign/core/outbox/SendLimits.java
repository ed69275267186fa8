package io.countersign.core.outbox;

import io.countersign.core.identity.Identity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * What an identity may do at a moment: inside its sending window, under its daily cap (lower on a
 * warm-up day), not sooner than its minimum gap after the last send. Days and windows are the
 * identity's local ones, so midnight, week boundaries and daylight-saving changes fall where its
 * owner would expect them.
 */
public final class SendLimits {

    private SendLimits() {
    }

    public static final String EMAIL = "email";
    public static final String LINKEDIN_MESSAGE = "linkedin.message";
    public static final String LINKEDIN_CONNECTION = "linkedin.connection";

    /** The counter a message of a channel is taken from (emails, and LinkedIn messages). */
    public static String action(io.countersign.core.draft.Channel channel) {
        return channel == io.countersign.core.draft.Channel.EMAIL ? EMAIL : LINKEDIN_MESSAGE;
    }

    /**
     * The counter a draft's message is taken from: a connection request under the policy in force
     * (a template listed in {@code connection-note-templates}, or {@code "linkedinType": "connection"}
     * in the import) counts against the identity's connection limits, any other LinkedIn draft
     * against its message limit.
     */
    public static String action(io.countersign.core.draft.Draft d, io.countersign.core.policy.Policy policy) {
        if (policy.isConnectionRequest(d)) {
            return LINKEDIN_CONNECTION;
        }
        return action(d.channel());
    }

    /** The identity's local day of an instant, as counters are keyed (yyyy-MM-dd). */
    public static String day(Identity identity, Instant at) {
        return at.atZone(identity.timezone()).toLocalDate().toString();
    }

    /** The cap on a day: the daily limit, or the warm-up ramp's value on that day of the identity's life. */
    public static int capOn(Identity identity, LocalDate day) {
        if (identity.warmup() == null) {
            return identity.dailyLimit();
        }
        LocalDate first = identity.addedAt().atZone(identity.timezone()).toLocalDate();
        long n = Math.max(0, ChronoUnit.DAYS.between(first, day));
        return identity.warmup().limitOn(n, identity.dailyLimit());
    }

    public static boolean inWindow(Identity identity, Instant at) {
        ZonedDateTime local = at.atZone(identity.timezone());
        return identity.days().contains(local.getDayOfWeek())
                && !local.toLocalTime().isBefore(identity.windowFrom()) && local.toLocalTime().isBefore(identity.windowTo());
    }

    /** The next moment the window is open at or after {@code at}; {@code at} itself when it is open now. */
    public static Instant nextOpening(Identity identity, Instant at) {
        if (inWindow(identity, at)) {
            return at;
        }
        return openingAfterDay(identity, at, !at.atZone(identity.timezone()).toLocalTime().isBefore(identity.windowFrom()));
    }

    /** The first opening on a later day than {@code at}'s local day (for a cap reached today). */
    public static Instant nextDayOpening(Identity identity, Instant at) {
        return openingAfterDay(identity, at, true);
    }

    private static Instant openingAfterDay(Identity identity, Instant at, boolean skipToday) {
        LocalDate d = at.atZone(identity.timezone()).toLocalDate();
        if (skipToday) {
            d = d.plusDays(1);
        }
        for (int i = 0; i < 8; i++, d = d.plusDays(1)) {
            DayOfWeek w = d.getDayOfWeek();
            if (identity.days().contains(w)) {
                // atZone moves a time that falls in a DST gap forward, so the opening always exists
                return d.atTime(identity.windowFrom()).atZone(identity.timezone()).toInstant();
            }
        }
        throw new IllegalStateException("identity " + identity.id() + " has no sending days");
    }

    /** What the limits say about sending now. */
    public sealed interface Verdict {
    }

    /** May send: the counter is {@code day}, which holds {@code used} of {@code cap} before this one. */
    public record Go(String day, int used, int cap) implements Verdict {
    }

    /**
     * Not now. {@code limit} names what holds it back ("window", "daily-limit", "warm-up", "gap"),
     * {@code reason} says it in words, {@code until} is the earliest it may go.
     */
    public record Wait(Instant until, String limit, String reason) implements Verdict {
        /** A gap wait is routine pacing, not a deferral worth an audit entry. */
        public boolean routine() {
            return limit.equals("gap");
        }
    }

    public static Verdict check(Identity identity, String action, Instant now, OutboxStore store) {
        if (!inWindow(identity, now)) {
            Instant open = nextOpening(identity, now);
            return new Wait(open, "window", "outside the sending window (" + identity.windowText() + ")");
        }
        String day = day(identity, now);
        LocalDate local = LocalDate.parse(day);
        int cap = capOn(identity, local);
        if (action.equals(LINKEDIN_CONNECTION)) {
            cap = Math.min(cap, identity.connections().perDay());
            int week = store.usedBetween(identity.id(), action, local.minusDays(6).toString(), day);
            if (week >= identity.connections().perWeek()) {
                return new Wait(nextDayOpening(identity, now), "weekly-limit", "weekly limit of "
                        + identity.connections().perWeek() + " connection requests reached (" + week + " in the 7 days to "
                        + day + ")");
            }
        }
        int used = store.used(identity.id(), action, day);
        if (used >= cap) {
            if (action.equals(LINKEDIN_CONNECTION) && cap == identity.connections().perDay()) {
                return new Wait(nextDayOpening(identity, now), "daily-limit", "daily limit of " + cap
                        + " connection requests reached (" + used + " used on " + day + ")");
            }
            boolean ramp = cap < identity.dailyLimit();
            return new Wait(nextDayOpening(identity, now), ramp ? "warm-up" : "daily-limit",
                    (ramp ? "warm-up day cap of " + cap : "daily limit of " + cap) + " reached (" + used + " used on " + day + ")");
        }
        var next = store.nextAllowed(identity.id());
        if (next.isPresent() && next.get().isAfter(now)) {
            return new Wait(next.get(), "gap", "minimum gap of " + identity.minGap().toSeconds() + " s between sends");
        }
        return new Go(day, used, cap);
    }
}
