package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditEvent;
import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityException;
import io.countersign.core.identity.IdentityStore;
import io.countersign.core.identity.SendingWindows;
import io.countersign.core.identity.Transport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Identities in H2; every write runs in the workspace unit of work with its audit event. */
final class JdbiIdentityStore implements IdentityStore {

    private final JdbiUnitOfWork uow;

    /*
     * Identities are read for every draft the policy evaluates (the sending-identity rule) and every
     * message claimed, and change a few times a month: they are cached by id. A unit of work that
     * writes an identity reads around the cache until it ends; the cache is emptied when it ends
     * (commit or rollback), and a read that raced with that does not put its older row back.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<Identity>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> writing = new ThreadLocal<>();
    private long generation;

    JdbiIdentityStore(JdbiUnitOfWork uow) {
        this.uow = uow;
    }

    private void wrote() {
        if (writing.get() == null) {
            writing.set(Boolean.TRUE);
            uow.afterEnd(() -> {
                writing.remove();
                invalidate();
            });
        }
        invalidate();
    }

    private synchronized void invalidate() {
        generation++;
        cache.clear();
    }

    @Override
    public List<Identity> all() {
        return uow.read(h -> h.createQuery("SELECT * FROM identity ORDER BY id").map(JdbiIdentityStore::map).list());
    }

    @Override
    public Optional<Identity> find(String id) {
        if (writing.get() != null) {
            return load(id);
        }
        Optional<Identity> hit = cache.get(id);
        if (hit != null) {
            return hit;
        }
        long before;
        synchronized (this) {
            before = generation;
        }
        Optional<Identity> loaded = load(id);
        synchronized (this) {
            if (generation == before) {
                cache.put(id, loaded);
            }
        }
        return loaded;
    }

    private Optional<Identity> load(String id) {
        return uow.read(h -> h.createQuery("SELECT * FROM identity WHERE id = :id").bind("id", id)
                .map(JdbiIdentityStore::map).findOne());
    }

    @Override
    public void insert(Identity identity, AuditEvent event) {
        uow.writeAll(w -> {
            wrote();
            bind(uow.handle().createUpdate("INSERT INTO identity (id, channel, display_name, owner, address, transport, "
                    + "timezone, days, window_from, window_to, daily_limit, min_gap_s, warmup_start, warmup_step, state, "
                    + "state_reason, state_by, added_by, added_at, login_user, login_auth, unsubscribe_url, connections_per_day, "
                    + "connections_per_week, imap_url, rolling_24h) VALUES (:id, :channel, "
                    + ":displayName, :owner, :address, :transport, :timezone, :days, :from, :to, :limit, :gap, :warmupStart, "
                    + ":warmupStep, :state, :reason, :by, :addedBy, :addedAt, :loginUser, :loginAuth, :unsubscribe, :cpd, :cpw, :imap, :rolling)"), identity).execute();
            w.audit(event);
        });
    }

    @Override
    public void update(Identity identity, AuditEvent event) {
        uow.writeAll(w -> {
            wrote();
            bind(uow.handle().createUpdate("UPDATE identity SET channel = :channel, display_name = :displayName, "
                    + "owner = :owner, address = :address, transport = :transport, timezone = :timezone, days = :days, "
                    + "window_from = :from, window_to = :to, daily_limit = :limit, min_gap_s = :gap, "
                    + "warmup_start = :warmupStart, warmup_step = :warmupStep, state = :state, state_reason = :reason, "
                    + "state_by = :by, added_by = :addedBy, added_at = :addedAt, login_user = :loginUser, login_auth = :loginAuth, "
                    + "unsubscribe_url = :unsubscribe, connections_per_day = :cpd, connections_per_week = :cpw, "
                    + "imap_url = :imap, rolling_24h = :rolling WHERE id = :id"), identity).execute();
            w.audit(event);
        });
    }

    @Override
    public void delete(String id, AuditEvent event) {
        uow.writeAll(w -> {
            wrote();
            uow.handle().createUpdate("DELETE FROM identity WHERE id = :id").bind("id", id).execute();
            w.audit(event);
        });
    }

    private static Update bind(Update u, Identity i) {
        return u.bind("id", i.id()).bind("channel", i.channel().wireName()).bind("displayName", i.displayName())
                .bind("owner", i.owner()).bind("address", i.address()).bind("transport", i.transport().text())
                .bind("timezone", i.timezone().getId()).bind("days", SendingWindows.daysWire(i.days()))
                .bind("from", i.windowFrom().toString()).bind("to", i.windowTo().toString())
                .bind("limit", i.dailyLimit()).bind("gap", i.minGap().toSeconds())
                .bind("warmupStart", i.warmup() == null ? null : i.warmup().start())
                .bind("warmupStep", i.warmup() == null ? null : i.warmup().step())
                .bind("state", i.state().name()).bind("reason", i.stateReason()).bind("by", i.stateBy())
                .bind("addedBy", i.addedBy()).bind("addedAt", i.addedAt().toString())
                .bind("loginUser", i.login().user()).bind("loginAuth", i.login().mechanism().name())
                .bind("unsubscribe", i.unsubscribeUrl()).bind("cpd", i.connections().perDay())
                .bind("cpw", i.connections().perWeek()).bind("imap", i.imapUrl()).bind("rolling", i.rolling24h());
    }

    private static Identity map(ResultSet rs, StatementContext ctx) throws SQLException {
        try {
            int warmupStart = rs.getInt("warmup_start");
            Identity.Warmup warmup = rs.wasNull() ? null : new Identity.Warmup(warmupStart, rs.getInt("warmup_step"));
            return new Identity(rs.getString("id"), Channel.fromWireName(rs.getString("channel")).orElseThrow(),
                    rs.getString("display_name"), rs.getString("owner"), rs.getString("address"),
                    Transport.parse(rs.getString("transport")), ZoneId.of(rs.getString("timezone")),
                    SendingWindows.days(rs.getString("days")), LocalTime.parse(rs.getString("window_from")),
                    LocalTime.parse(rs.getString("window_to")), rs.getInt("daily_limit"),
                    Duration.ofSeconds(rs.getLong("min_gap_s")), warmup, Identity.State.valueOf(rs.getString("state")),
                    rs.getString("state_reason"), rs.getString("state_by"), rs.getString("added_by"),
                    Instant.parse(rs.getString("added_at")),
                    new Identity.Login(rs.getString("login_user"), Identity.Login.Mechanism.valueOf(rs.getString("login_auth"))),
                    rs.getString("unsubscribe_url"),
                    new Identity.ConnectionLimits(rs.getInt("connections_per_day"), rs.getInt("connections_per_week")),
                    rs.getString("imap_url"), rs.getBoolean("rolling_24h"));
        } catch (IdentityException | RuntimeException e) {
            throw new SQLException("identity " + rs.getString("id") + " is stored in a form this version cannot read: "
                    + e.getMessage(), e);
        }
    }
}
