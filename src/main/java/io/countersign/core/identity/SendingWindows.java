package io.countersign.core.identity;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Reading and writing the command-line forms of days ("mon-fri", "mon,wed,fri"), windows ("08:00-18:00") and gaps ("90s", "2m"). */
public final class SendingWindows {

    private SendingWindows() {
    }

    public static Set<DayOfWeek> days(String text) throws IdentityException {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IdentityException("--days: name days like mon-fri or mon,wed,fri");
        }
        EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : t.split(",")) {
            String[] range = part.strip().split("-");
            if (range.length == 1) {
                out.add(day(range[0]));
            } else if (range.length == 2) {
                DayOfWeek from = day(range[0]);
                DayOfWeek to = day(range[1]);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    out.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw new IdentityException("--days: '" + part + "' is not a day or a range like mon-fri");
            }
        }
        return out;
    }

    private static DayOfWeek day(String s) throws IdentityException {
        String d = s.strip();
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().toLowerCase(Locale.ROOT).startsWith(d) && d.length() >= 2) {
                return w;
            }
        }
        throw new IdentityException("--days: '" + s + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
    }

    /** Two times, "08:00-18:00"; the end must be after the start. */
    public static LocalTime[] window(String text) throws IdentityException {
        String[] parts = (text == null ? "" : text.strip()).split("-");
        if (parts.length != 2) {
            throw new IdentityException("--window: use HH:MM-HH:MM, e.g. 08:00-18:00");
        }
        try {
            LocalTime from = LocalTime.parse(parts[0].strip());
            LocalTime to = LocalTime.parse(parts[1].strip());
            if (!to.isAfter(from)) {
                throw new IdentityException("--window: " + to + " is not after " + from);
            }
            return new LocalTime[]{from, to};
        } catch (DateTimeParseException e) {
            throw new IdentityException("--window: '" + text + "' is not HH:MM-HH:MM");
        }
    }

    /** "90s", "2m", "1m30s", or an ISO-8601 duration. */
    public static Duration gap(String text) throws IdentityException {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d = t.startsWith("p") ? Duration.parse(t.toUpperCase(Locale.ROOT)) : Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IdentityException("--min-gap: must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IdentityException("--min-gap: '" + text + "' is not a duration like 90s or 2m");
        }
    }

    public static String daysText(Set<DayOfWeek> days) {
        if (days.equals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))) {
            return "Mon–Fri";
        }
        if (days.size() == 7) {
            return "every day";
        }
        StringBuilder b = new StringBuilder();
        for (DayOfWeek d : EnumSet.copyOf(days)) {
            b.append(b.length() == 0 ? "" : ",").append(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        }
        return b.toString();
    }

    /** "mon,tue,…" as stored. */
    public static String daysWire(Set<DayOfWeek> days) {
        StringBuilder b = new StringBuilder();
        for (DayOfWeek d : EnumSet.copyOf(days)) {
            b.append(b.length() == 0 ? "" : ",").append(d.name().substring(0, 3).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
