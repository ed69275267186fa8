package io.countersign.core.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Channel;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.SendingWindows;
import io.countersign.core.identity.Transport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Windows, days and warm-up in the identity's own timezone, across weekends and daylight-saving changes. */
class SendLimitsTest {

    static Identity identity(String zone, String days, String from, String to, Identity.Warmup warmup, Instant added)
            throws Exception {
        LocalTime[] w = SendingWindows.window(from + "-" + to);
        return new Identity("x", Channel.EMAIL, "", "", "x@acme.example", Transport.SANDBOX, ZoneId.of(zone),
                SendingWindows.days(days), w[0], w[1], 40, Duration.ZERO, warmup, Identity.State.ACTIVE, "", "", "t",
                added, null, null);
    }

    @Test
    void theWindowOpensOnTheNextWorkingMorningAcrossTheSpringForwardChange() throws Exception {
        Identity ny = identity("America/New_York", "mon-fri", "08:00", "18:00", null, Instant.EPOCH);
        Instant fridayEvening = Instant.parse("2026-03-06T23:30:00Z"); // 18:30 EST
        assertFalse(SendLimits.inWindow(ny, fridayEvening));
        // clocks went forward on Sunday 8 March: Monday 08:00 is EDT (UTC-4), not EST
        assertEquals(Instant.parse("2026-03-09T12:00:00Z"), SendLimits.nextOpening(ny, fridayEvening));
        assertTrue(SendLimits.inWindow(ny, Instant.parse("2026-03-09T12:00:00Z")));
        assertFalse(SendLimits.inWindow(ny, Instant.parse("2026-03-09T11:59:59Z")));
    }

    @Test
    void theWindowOpensAtTheLocalHourAfterTheFallBackChangeAndBeforeTheMorningOnTheSameDay() throws Exception {
        Identity berlin = identity("Europe/Berlin", "mon-fri", "08:00", "18:00", null, Instant.EPOCH);
        Instant saturday = Instant.parse("2026-10-24T10:00:00Z"); // clocks go back on Sunday 25 October
        assertEquals(Instant.parse("2026-10-26T07:00:00Z"), SendLimits.nextOpening(berlin, saturday)); // 08:00 CET
        Instant earlyMonday = Instant.parse("2026-10-26T05:00:00Z"); // 06:00 local
        assertEquals(Instant.parse("2026-10-26T07:00:00Z"), SendLimits.nextOpening(berlin, earlyMonday));
        assertEquals(Instant.parse("2026-10-27T07:00:00Z"), SendLimits.nextDayOpening(berlin, Instant.parse("2026-10-26T09:00:00Z")));
    }

    @Test
    void aWindowStartingInsideTheSpringGapOpensWhenTheGapEnds() throws Exception {
        Identity berlin = identity("Europe/Berlin", "mon-sun", "02:30", "04:00", null, Instant.EPOCH);
        // 29 March 2026: 02:00 local jumps to 03:00, so 02:30 does not exist that day
        Instant opening = SendLimits.nextOpening(berlin, Instant.parse("2026-03-28T23:00:00Z"));
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), opening); // 03:30 CEST, the gap's length later
    }

    @Test
    void theLocalDayDecidesWhichCounterAMessageTakes() throws Exception {
        Identity tokyo = identity("Asia/Tokyo", "mon-sun", "00:00", "23:59", null, Instant.EPOCH);
        assertEquals("2026-12-02", SendLimits.day(tokyo, Instant.parse("2026-12-01T15:30:00Z"))); // 00:30 in Tokyo
        Identity la = identity("America/Los_Angeles", "mon-sun", "00:00", "23:59", null, Instant.EPOCH);
        assertEquals("2026-11-30", SendLimits.day(la, Instant.parse("2026-12-01T07:30:00Z"))); // 23:30 the day before
    }

    @Test
    void warmUpRisesByItsStepUpToTheDailyLimitInLocalDays() throws Exception {
        Instant added = Instant.parse("2026-11-30T23:30:00Z"); // 00:30 on 1 December in Berlin
        Identity w = identity("Europe/Berlin", "mon-sun", "08:00", "18:00", new Identity.Warmup(10, 5), added);
        assertEquals(10, SendLimits.capOn(w, LocalDate.parse("2026-12-01")));
        assertEquals(15, SendLimits.capOn(w, LocalDate.parse("2026-12-02")));
        assertEquals(40, SendLimits.capOn(w, LocalDate.parse("2026-12-07")));
        assertEquals(40, SendLimits.capOn(w, LocalDate.parse("2027-06-01")));
    }
}
