package io.countersign.core.identity;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.draft.Channel;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adding, pausing and resuming sending accounts, each an audit event. The defaults are what a
 * careful sender would pick: business hours Monday to Friday in the identity's timezone, at most
 * 50 messages a day, at least 90 seconds between two sends.
 */
public final class IdentityService {

    public static final int DEFAULT_DAILY_LIMIT = 50;
    public static final Duration DEFAULT_MIN_GAP = Duration.ofSeconds(90);
    public static final Set<DayOfWeek> DEFAULT_DAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    public static final LocalTime DEFAULT_FROM = LocalTime.of(8, 0);
    public static final LocalTime DEFAULT_TO = LocalTime.of(18, 0);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;]+@[^@\\s<>\",;]+\\.[^@\\s<>\",;]+");

    private final IdentityStore store;
    private final CredentialVault vault;
    private final Clock clock;
    private final java.util.function.ToIntFunction<Actor> recheckPending;

    /** @param recheckPending re-evaluates pending drafts after a pause or resume; returns how many decisions changed */
    public IdentityService(IdentityStore store, CredentialVault vault, Clock clock,
                           java.util.function.ToIntFunction<Actor> recheckPending) {
        this.store = Objects.requireNonNull(store);
        this.vault = Objects.requireNonNull(vault);
        this.clock = Objects.requireNonNull(clock);
        this.recheckPending = Objects.requireNonNull(recheckPending);
    }

    /** An identity after a pause or resume, and how many pending decisions that changed. */
    public record StateChange(Identity identity, int decisionsChanged) {
    }

    /** Whether a secret is stored for the identity (never the secret itself). */
    public boolean hasCredentials(String id) {
        return vault.has(id);
    }

    /** What a new identity is made from; null fields take the defaults. */
    public record Spec(String id, Channel channel, String address, String transport, String displayName, String owner,
                       Integer dailyLimit, String timezone, String window, String days, String minGap, String warmup,
                       String user, String auth, String unsubscribeUrl, Integer connectionsPerDay, Integer connectionsPerWeek,
                       String imapUrl, Boolean rolling24h) {
        public Spec(String id, Channel channel, String address, String transport, String displayName, String owner,
                    Integer dailyLimit, String timezone, String window, String days, String minGap, String warmup,
                    String user, String auth, String unsubscribeUrl, Integer connectionsPerDay, Integer connectionsPerWeek,
                    String imapUrl) {
            this(id, channel, address, transport, displayName, owner, dailyLimit, timezone, window, days, minGap, warmup,
                    user, auth, unsubscribeUrl, connectionsPerDay, connectionsPerWeek, imapUrl, null);
        }

        public Spec(String id, Channel channel, String address, String transport, String displayName, String owner,
                    Integer dailyLimit, String timezone, String window, String days, String minGap, String warmup,
                    String user, String auth, String unsubscribeUrl, Integer connectionsPerDay, Integer connectionsPerWeek) {
            this(id, channel, address, transport, displayName, owner, dailyLimit, timezone, window, days, minGap, warmup,
                    user, auth, unsubscribeUrl, connectionsPerDay, connectionsPerWeek, null, null);
        }

        public Spec(String id, Channel channel, String address, String transport, String displayName, String owner,
                    Integer dailyLimit, String timezone, String window, String days, String minGap, String warmup,
                    String user, String auth, String unsubscribeUrl) {
            this(id, channel, address, transport, displayName, owner, dailyLimit, timezone, window, days, minGap, warmup,
                    user, auth, unsubscribeUrl, null, null, null, null);
        }

        public Spec(String id, Channel channel, String address, String transport, String displayName, String owner,
                    Integer dailyLimit, String timezone, String window, String days, String minGap, String warmup) {
            this(id, channel, address, transport, displayName, owner, dailyLimit, timezone, window, days, minGap, warmup,
                    null, null, null, null, null, null, null);
        }
    }

    public List<Identity> all() {
        return store.all();
    }

    public java.util.Optional<Identity> find(String id) {
        return store.find(id);
    }

    public StateChange add(Spec spec, Actor actor) throws IdentityException {
        return add(spec, null, actor);
    }

    /**
     * @param secret the password or token the transport logs in with, or null; kept encrypted, and
     *               the audit event only says that one was stored
     * @return the identity, and how many pending decisions changed (drafts that named it while it was unknown)
     */
    public StateChange add(Spec spec, char[] secret, Actor actor) throws IdentityException {
        Identity identity = insert(spec, secret, actor);
        return new StateChange(identity, recheckPending.applyAsInt(actor));
    }

    private Identity insert(Spec spec, char[] secret, Actor actor) throws IdentityException {
        Identity identity = check(spec, secret, actor);
        String id = identity.id();
        if (secret != null) {
            vault.put(id, secret); // first: an identity is never stored saying it has credentials it has not
        }
        store.insert(identity, describe(AuditEvent.of(AuditEventType.IDENTITY_ADDED, actor), identity)
                .with("credentials", secret == null ? "none" : "stored encrypted").build());
        return identity;
    }

    /**
     * Checks a new identity as {@link #add} would, storing nothing: the console's form shows the
     * first problem (naming the field) while the person types.
     */
    public Identity check(Spec spec, char[] secret, Actor actor) throws IdentityException {
        return check(spec, secret, actor, false);
    }

    private Identity check(Spec spec, char[] secret, Actor actor, boolean editing) throws IdentityException {
        String id = spec.id() == null ? "" : spec.id().strip();
        if (!ID.matcher(id).matches()) {
            throw new IdentityException("ID: '" + id + "' must be 1–100 letters, digits, '.', '_', '@', '+' or '-', "
                    + "starting with a letter or digit");
        }
        if (!editing && store.find(id).isPresent()) {
            throw new IdentityException("ID: an identity '" + id + "' already exists (see 'countersign identities list')");
        }
        if (spec.channel() == null) {
            throw new IdentityException("--channel: required (email or linkedin)");
        }
        String address = spec.address() == null ? "" : spec.address().strip();
        if (spec.channel() == Channel.EMAIL && !EMAIL.matcher(address).matches()) {
            throw new IdentityException("--from: '" + address + "' is not an email address");
        }
        if (spec.channel() == Channel.LINKEDIN && !address.toLowerCase(Locale.ROOT).matches("https://([a-z]{2,3}\\.)?linkedin\\.com/in/[^/?#\\s]+/?")) {
            throw new IdentityException("--from: '" + address + "' is not a LinkedIn profile URL (https://www.linkedin.com/in/NAME)");
        }
        Transport transport = Transport.parse(spec.transport() == null ? "sandbox" : spec.transport());
        var unsuitable = transport.unsuitableFor(spec.channel());
        if (unsuitable.isPresent()) {
            throw new IdentityException("--transport: " + unsuitable.get());
        }
        ZoneId zone;
        try {
            zone = spec.timezone() == null ? ZoneId.systemDefault() : ZoneId.of(spec.timezone().strip());
        } catch (java.time.DateTimeException e) {
            throw new IdentityException("--timezone: '" + spec.timezone() + "' is not a time zone (e.g. Europe/Berlin, America/New_York)");
        }
        LocalTime[] window = spec.window() == null ? new LocalTime[]{DEFAULT_FROM, DEFAULT_TO} : SendingWindows.window(spec.window());
        Set<DayOfWeek> days = spec.days() == null ? DEFAULT_DAYS : SendingWindows.days(spec.days());
        int limit = spec.dailyLimit() == null ? DEFAULT_DAILY_LIMIT : spec.dailyLimit();
        if (limit < 1 || limit > 100_000) {
            throw new IdentityException("--daily-limit: " + limit + " is not between 1 and 100000");
        }
        Duration gap = spec.minGap() == null ? DEFAULT_MIN_GAP : SendingWindows.gap(spec.minGap());
        Identity.Warmup warmup = null;
        if (spec.warmup() != null && !spec.warmup().isBlank()) {
            String[] w = spec.warmup().strip().split(":");
            try {
                warmup = new Identity.Warmup(Integer.parseInt(w[0]), Integer.parseInt(w[1]));
            } catch (RuntimeException e) {
                throw new IdentityException("--warmup: use START:STEP, e.g. 10:5 (10 on the first day, 5 more each day)");
            }
            if (warmup.start() < 1 || warmup.step() < 0) {
                throw new IdentityException("--warmup: START must be at least 1 and STEP not negative");
            }
        }
        Identity.Login login = login(spec, transport);
        String unsubscribe = spec.unsubscribeUrl() == null ? "" : spec.unsubscribeUrl().strip();
        if (!unsubscribe.isEmpty() && !unsubscribe.toLowerCase(Locale.ROOT).matches("https://[^\\s/]+\\.[^\\s]*")) {
            throw new IdentityException("--unsubscribe-url: '" + unsubscribe + "' is not an https URL (RFC 8058 one-click "
                    + "unsubscribe needs https)");
        }
        Identity.ConnectionLimits connections = new Identity.ConnectionLimits(
                spec.connectionsPerDay() == null ? Identity.ConnectionLimits.DEFAULT.perDay() : spec.connectionsPerDay(),
                spec.connectionsPerWeek() == null ? Identity.ConnectionLimits.DEFAULT.perWeek() : spec.connectionsPerWeek());
        if (connections.perDay() < 0 || connections.perWeek() < connections.perDay()) {
            throw new IdentityException("--connections-per-day/--connections-per-week: need 0 <= per day <= per week (got "
                    + connections.perDay() + " and " + connections.perWeek() + ")");
        }
        String imap = spec.imapUrl() == null ? "" : spec.imapUrl().strip();
        if (!imap.isEmpty()) {
            if (spec.channel() != Channel.EMAIL) {
                throw new IdentityException("--imap: only an email identity has a mailbox to read bounces and replies from");
            }
            try {
                java.net.URI u = new java.net.URI(imap);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (u.getRawUserInfo() != null && u.getRawUserInfo().contains(":")) {
                    throw new IdentityException("--imap: put no password in the URL (it would be kept in the audit log): "
                            + "give it with --password-env or --password-file");
                }
                if (!(scheme.equals("imaps") || scheme.equals("imap")) || u.getHost() == null || u.getUserInfo() == null) {
                    throw new IdentityException("--imap: use imaps://USER@HOST[:PORT]/FOLDER (user percent-encoded, e.g. "
                            + "maria%40acme.example)");
                }
            } catch (java.net.URISyntaxException e) {
                throw new IdentityException("--imap: '" + imap + "' is not a URL: " + e.getReason());
            }
        }
        Identity identity = new Identity(id, spec.channel(), spec.displayName(), spec.owner(), address, transport, zone, days,
                window[0], window[1], limit, gap, warmup, Identity.State.ACTIVE, "", "", actor.id(), clock.instant(), login,
                unsubscribe, connections, imap, Boolean.TRUE.equals(spec.rolling24h()));
        boolean needsSecret = transport.kind() == Transport.Kind.SENDGRID || transport.kind() == Transport.Kind.POSTMARK
                || transport.kind() == Transport.Kind.WEBHOOK;
        if (needsSecret && secret == null && !(editing && vault.has(id))) {
            throw new IdentityException("--password-env/--password-file: " + transport.kind().name().toLowerCase(Locale.ROOT)
                    + (transport.kind() == Transport.Kind.WEBHOOK ? " needs the secret its requests are signed with"
                    : " needs the API key (" + (transport.kind() == Transport.Kind.POSTMARK ? "server token" : "API key") + ")"));
        }
        if (secret != null && secret.length == 0) {
            throw new IdentityException("--password-env/--password-file: the secret is empty");
        }
        return identity;
    }

    /** An identity's settings in the form {@link #add} takes them, for an edit form to start from. */
    public static Spec specOf(Identity i) {
        return new Spec(i.id(), i.channel(), i.address(), i.transport().text(), i.displayName(), i.owner(), i.dailyLimit(),
                i.timezone().getId(), i.windowFrom() + "-" + i.windowTo(), SendingWindows.daysWire(i.days()),
                i.minGap().toSeconds() + "s", i.warmup() == null ? null : i.warmup().start() + ":" + i.warmup().step(),
                i.login().user(), i.login().mechanism().wireName(), i.unsubscribeUrl(), i.connections().perDay(),
                i.connections().perWeek(), i.imapUrl(), i.rolling24h());
    }

    /** Checks an edit as {@link #edit} would, storing nothing (the console's form). */
    public Identity checkEdit(Spec changed, char[] secret, Actor actor) throws IdentityException {
        return merged(changed, secret, actor);
    }

    private Identity merged(Spec changed, char[] secret, Actor actor) throws IdentityException {
        Identity current = existing(changed.id() == null ? "" : changed.id().strip());
        if (changed.channel() != null && changed.channel() != current.channel()) {
            throw new IdentityException("--channel: an identity's channel cannot change (add a new identity instead)");
        }
        Spec now = specOf(current);
        Spec spec = new Spec(current.id(), current.channel(), or(changed.address(), now.address()),
                or(changed.transport(), now.transport()), or(changed.displayName(), now.displayName()),
                or(changed.owner(), now.owner()), changed.dailyLimit() == null ? now.dailyLimit() : changed.dailyLimit(),
                or(changed.timezone(), now.timezone()), or(changed.window(), now.window()), or(changed.days(), now.days()),
                or(changed.minGap(), now.minGap()), or(changed.warmup(), now.warmup()), or(changed.user(), now.user()),
                or(changed.auth(), now.auth()), or(changed.unsubscribeUrl(), now.unsubscribeUrl()),
                changed.connectionsPerDay() == null ? now.connectionsPerDay() : changed.connectionsPerDay(),
                changed.connectionsPerWeek() == null ? now.connectionsPerWeek() : changed.connectionsPerWeek(),
                or(changed.imapUrl(), now.imapUrl()), changed.rolling24h() == null ? now.rolling24h() : changed.rolling24h());
        Identity checked = check(spec, secret, actor, true);
        // What it is, not what it was made as: state, who added it and when stay.
        return new Identity(checked.id(), checked.channel(), checked.displayName(), checked.owner(), checked.address(),
                checked.transport(), checked.timezone(), checked.days(), checked.windowFrom(), checked.windowTo(),
                checked.dailyLimit(), checked.minGap(), checked.warmup(), current.state(), current.stateReason(),
                current.stateBy(), current.addedBy(), current.addedAt(), checked.login(), checked.unsubscribeUrl(),
                checked.connections(), checked.imapUrl(), checked.rolling24h());
    }

    private static String or(String changed, String current) {
        return changed == null ? current : changed;
    }

    /** What an edit changed: the settings it changed, each from → to. */
    public record Edited(Identity identity, java.util.Map<String, String> changes) {
    }

    /**
     * Changes an identity's settings (any given field; null keeps it), audited as
     * {@code identity.edited} with each changed setting from → to. A new secret replaces the stored
     * one (the event says only that it was replaced). Its state and history stay.
     */
    public Edited edit(Spec changed, char[] secret, Actor actor) throws IdentityException {
        Identity before = existing(changed.id() == null ? "" : changed.id().strip());
        Identity after = merged(changed, secret, actor);
        java.util.Map<String, Object> was = describe(AuditEvent.of(AuditEventType.IDENTITY_EDITED, actor), before).build().members();
        java.util.Map<String, Object> is = describe(AuditEvent.of(AuditEventType.IDENTITY_EDITED, actor), after).build().members();
        java.util.Map<String, String> changes = new java.util.TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(was.keySet());
        keys.addAll(is.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(was.get(k), is.get(k))) {
                changes.put(k, String.valueOf(was.getOrDefault(k, "")) + " → " + is.getOrDefault(k, ""));
            }
        }
        if (changes.isEmpty() && secret == null) {
            throw new IdentityException("nothing to change: every setting given is what " + before.id() + " has already");
        }
        if (secret != null) {
            vault.put(before.id(), secret);
            changes.put("credentials", "replaced");
        }
        AuditEvent.Builder event = AuditEvent.of(AuditEventType.IDENTITY_EDITED, actor).with("identityId", before.id());
        changes.forEach((k, v) -> event.with("changed." + k, v));
        store.update(after, event.build());
        return new Edited(after, changes);
    }

    private static Identity.Login login(Spec spec, Transport transport) throws IdentityException {
        String user = spec.user() == null ? "" : spec.user().strip();
        Identity.Login.Mechanism mechanism = Identity.Login.Mechanism.PASSWORD;
        if (spec.auth() != null) {
            String a = spec.auth().strip().toLowerCase(Locale.ROOT);
            mechanism = switch (a) {
                case "password", "plain", "login" -> Identity.Login.Mechanism.PASSWORD;
                case "xoauth2", "oauth2" -> Identity.Login.Mechanism.XOAUTH2;
                default -> throw new IdentityException("--auth: '" + spec.auth() + "' is not password or xoauth2");
            };
        }
        boolean smtp = transport.kind() == Transport.Kind.SMTP || transport.kind() == Transport.Kind.SMTPS;
        if (!smtp && (!user.isEmpty() || mechanism == Identity.Login.Mechanism.XOAUTH2)) {
            throw new IdentityException("--user/--auth: only an smtp:// or smtps:// transport logs in with a user");
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            throw new IdentityException("--user: must not contain control characters");
        }
        return new Identity.Login(user, mechanism);
    }

    /**
     * For demo data: a sandbox identity (delivers to the workspace only, never to anyone) for each
     * id the drafts name that has none yet, sending every day around the clock, 5 s apart, at most
     * {@value #DEFAULT_DAILY_LIMIT} a day. Returns how many were added.
     */
    public int addSandboxFor(java.util.Map<String, Channel> idsAndChannels, Actor actor) {
        int added = 0;
        Actor by = actor;
        for (var e : new java.util.TreeMap<>(idsAndChannels).entrySet()) {
            if (store.find(e.getKey()).isPresent() || !ID.matcher(e.getKey()).matches()) {
                continue;
            }
            String local = e.getKey().replaceAll("[^A-Za-z0-9._-]", "-");
            String address = e.getValue() == Channel.EMAIL ? local + "@sandbox.countersign.invalid"
                    : "https://www.linkedin.com/in/" + local;
            try {
                // Around the clock with a short gap, so a newcomer sees approve -> send -> result at once;
                // the limits, deferrals and audit events are those of a real transport.
                insert(new Spec(e.getKey(), e.getValue(), address, "sandbox", e.getKey() + " (sandbox)", "", null, "UTC",
                        "00:00-23:59", "mon-sun", "5s", null), null, by);
                added++;
            } catch (IdentityException impossible) {
                throw new IllegalStateException("demo identity " + e.getKey() + " refused: " + impossible.getMessage(), impossible);
            }
        }
        if (added > 0) {
            recheckPending.applyAsInt(actor); // once for all of them: drafts that named them are no longer unknown
        }
        return added;
    }

    /**
     * Removes an identity and forgets its secret, with the reason (audited). Its pending drafts are
     * re-checked (they now name an unknown identity and are blocked); its scheduled messages wait,
     * naming it, until it is added again or they are cancelled.
     */
    public StateChange remove(String id, String reason, Actor actor) throws IdentityException {
        if (reason == null || reason.isBlank()) {
            throw new IdentityException("--reason: say why the identity is removed");
        }
        Identity current = existing(id);
        store.delete(current.id(), describe(AuditEvent.of(AuditEventType.IDENTITY_REMOVED, actor), current)
                .with("reason", reason.strip()).build());
        vault.remove(current.id());
        return new StateChange(current, recheckPending.applyAsInt(actor));
    }

    /** Pauses an identity: its pending drafts are re-checked and blocked (the {@code sending-identity} rule). */
    public StateChange pause(String id, String reason, Actor actor) throws IdentityException {
        if (reason == null || reason.isBlank()) {
            throw new IdentityException("--reason: say why the identity is paused");
        }
        Identity current = existing(id);
        if (current.paused()) {
            throw new IdentityException("'" + id + "' is already paused (" + current.stateReason() + ", by " + current.stateBy() + ")");
        }
        Identity paused = current.withState(Identity.State.PAUSED, reason.strip(), actor.id());
        store.update(paused, AuditEvent.of(AuditEventType.IDENTITY_PAUSED, actor).with("identityId", id)
                .with("reason", reason.strip()).build());
        return new StateChange(paused, recheckPending.applyAsInt(actor));
    }

    public StateChange resume(String id, Actor actor) throws IdentityException {
        Identity current = existing(id);
        if (!current.paused()) {
            throw new IdentityException("'" + id + "' is not paused");
        }
        Identity active = current.withState(Identity.State.ACTIVE, "", actor.id());
        store.update(active, AuditEvent.of(AuditEventType.IDENTITY_RESUMED, actor).with("identityId", id)
                .with("pausedFor", current.stateReason()).build());
        return new StateChange(active, recheckPending.applyAsInt(actor));
    }

    private Identity existing(String id) throws IdentityException {
        return store.find(id).orElseThrow(() -> new IdentityException("no identity '" + id + "' (see 'countersign identities list')"));
    }

    private static AuditEvent.Builder describe(AuditEvent.Builder b, Identity i) {
        return b.with("identityId", i.id()).with("channel", i.channel().wireName()).with("address", i.address())
                .with("transport", i.transport().text()).with("displayName", i.displayName()).with("owner", i.owner())
                .with("timezone", i.timezone().getId()).with("days", SendingWindows.daysWire(i.days()))
                .with("window", i.windowFrom() + "-" + i.windowTo()).with("dailyLimit", i.dailyLimit())
                .with("minGapSeconds", i.minGap().toSeconds())
                .with("warmup", i.warmup() == null ? null : i.warmup().start() + ":" + i.warmup().step())
                .with("loginUser", i.login().user()).with("auth", i.login().mechanism() == Identity.Login.Mechanism.PASSWORD
                        ? null : i.login().mechanism().wireName())
                .with("unsubscribeUrl", i.unsubscribeUrl())
                .with("connectionsPerDay", i.channel() == Channel.LINKEDIN ? i.connections().perDay() : null)
                .with("connectionsPerWeek", i.channel() == Channel.LINKEDIN ? i.connections().perWeek() : null)
                .with("imapUrl", i.imapUrl()).with("rolling24h", i.rolling24h() ? Boolean.TRUE : null);
    }
}
