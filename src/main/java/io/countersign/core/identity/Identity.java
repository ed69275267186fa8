package io.countersign.core.identity;

import io.countersign.core.draft.Channel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * A sending account: a mailbox or a LinkedIn account a rep owns, with how it sends (its transport)
 * and what it may do (window, daily limit, gap between sends, warm-up). Drafts name it by
 * {@link #id()}; every change to it is an audit event.
 */
public record Identity(String id, Channel channel, String displayName, String owner, String address,
                       Transport transport, ZoneId timezone, Set<DayOfWeek> days, LocalTime windowFrom,
                       LocalTime windowTo, int dailyLimit, Duration minGap, Warmup warmup, State state,
                       String stateReason, String stateBy, String addedBy, Instant addedAt, Login login,
                       String unsubscribeUrl, ConnectionLimits connections, String imapUrl, boolean rolling24h) {

    public Identity(String id, Channel channel, String displayName, String owner, String address, Transport transport,
                    ZoneId timezone, Set<DayOfWeek> days, LocalTime windowFrom, LocalTime windowTo, int dailyLimit,
                    Duration minGap, Warmup warmup, State state, String stateReason, String stateBy, String addedBy,
                    Instant addedAt, Login login, String unsubscribeUrl, ConnectionLimits connections, String imapUrl) {
        this(id, channel, displayName, owner, address, transport, timezone, days, windowFrom, windowTo, dailyLimit, minGap,
                warmup, state, stateReason, stateBy, addedBy, addedAt, login, unsubscribeUrl, connections, imapUrl, false);
    }

    public Identity(String id, Channel channel, String displayName, String owner, String address, Transport transport,
                    ZoneId timezone, Set<DayOfWeek> days, LocalTime windowFrom, LocalTime windowTo, int dailyLimit,
                    Duration minGap, Warmup warmup, State state, String stateReason, String stateBy, String addedBy,
                    Instant addedAt, Login login, String unsubscribeUrl, ConnectionLimits connections) {
        this(id, channel, displayName, owner, address, transport, timezone, days, windowFrom, windowTo, dailyLimit, minGap,
                warmup, state, stateReason, stateBy, addedBy, addedAt, login, unsubscribeUrl, connections, "");
    }

    /**
     * LinkedIn connection requests are limited apart from messages (LinkedIn itself restricts them
     * per week): at most {@code perDay} a day and {@code perWeek} in any 7 local days.
     */
    public record ConnectionLimits(int perDay, int perWeek) {
        public static final ConnectionLimits DEFAULT = new ConnectionLimits(20, 100);
    }

    public Identity(String id, Channel channel, String displayName, String owner, String address, Transport transport,
                    ZoneId timezone, Set<DayOfWeek> days, LocalTime windowFrom, LocalTime windowTo, int dailyLimit,
                    Duration minGap, Warmup warmup, State state, String stateReason, String stateBy, String addedBy,
                    Instant addedAt, Login login, String unsubscribeUrl) {
        this(id, channel, displayName, owner, address, transport, timezone, days, windowFrom, windowTo, dailyLimit, minGap,
                warmup, state, stateReason, stateBy, addedBy, addedAt, login, unsubscribeUrl, null, "");
    }

    /**
     * How the transport logs in: the user name (empty: the from-address) and the mechanism. The
     * secret itself is never here; it is in the {@link CredentialVault}.
     */
    public record Login(String user, Mechanism mechanism) {
        public enum Mechanism {
            /** AUTH PLAIN or LOGIN with a password or app password, only over TLS. */
            PASSWORD,
            /** XOAUTH2 with an OAuth access token (Google Workspace, Microsoft 365). */
            XOAUTH2;

            public String wireName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public static final Login DEFAULT = new Login("", Mechanism.PASSWORD);

        public Login {
            user = user == null ? "" : user;
            Objects.requireNonNull(mechanism, "mechanism");
        }
    }

    public enum State {
        ACTIVE, PAUSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A new identity's ramp: {@code start} messages on its first day, {@code step} more each day up to the daily limit. */
    public record Warmup(int start, int step) {
        public int limitOn(long dayNumber, int cap) {
            long n = start + dayNumber * (long) step;
            return (int) Math.min(cap, Math.max(0, n));
        }
    }

    public Identity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(timezone, "timezone");
        days = Set.copyOf(days);
        Objects.requireNonNull(state, "state");
        displayName = displayName == null ? "" : displayName;
        owner = owner == null ? "" : owner;
        stateReason = stateReason == null ? "" : stateReason;
        stateBy = stateBy == null ? "" : stateBy;
        login = login == null ? Login.DEFAULT : login;
        unsubscribeUrl = unsubscribeUrl == null ? "" : unsubscribeUrl;
        connections = connections == null ? ConnectionLimits.DEFAULT : connections;
        imapUrl = imapUrl == null ? "" : imapUrl;
    }

    /** The user the transport logs in as: the configured one, else the from-address. */
    public String loginUser() {
        return login.user().isEmpty() ? address : login.user();
    }

    public boolean sandbox() {
        return transport.kind() == Transport.Kind.SANDBOX;
    }

    public boolean paused() {
        return state == State.PAUSED;
    }

    public Identity withState(State newState, String reason, String by) {
        return new Identity(id, channel, displayName, owner, address, transport, timezone, days, windowFrom, windowTo,
                dailyLimit, minGap, warmup, newState, reason, by, addedBy, addedAt, login, unsubscribeUrl, connections, imapUrl,
                rolling24h);
    }

    /** "Mon–Fri 08:00–18:00 Europe/Berlin" */
    public String windowText() {
        return SendingWindows.daysText(days) + " " + windowFrom + "–" + windowTo + " " + timezone.getId();
    }
}
