package io.countersign.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the status bar says about the witness, and how long the background push waits after failures. */
class SyncStatusTest {

    private static final SyncStore.Enrollment ENROLLED = new SyncStore.Enrollment("http://c", "alice", "k", Instant.EPOCH);
    private static final SyncStore.Witnessed AT_41 = new SyncStore.Witnessed(42, new byte[32], "n",
            Instant.parse("2026-12-03T09:15:00Z"), Instant.parse("2026-12-03T09:15:01Z"));

    @Test
    void theStatusLineSaysWitnessedOfflineOrRefused() {
        assertEquals("", new SyncService.Status(Optional.empty(), 10, Optional.empty(), Optional.empty()).line(ZoneOffset.UTC),
                "not enrolled: nothing shown");
        assertEquals("witnessed up to #41 at Dec 3 09:15", new SyncService.Status(Optional.of(ENROLLED), 42, Optional.of(AT_41),
                Optional.empty()).line(ZoneOffset.UTC));
        assertEquals("witnessed up to #41 at Dec 3 09:15 · 8 pending", new SyncService.Status(Optional.of(ENROLLED), 50,
                Optional.of(AT_41), Optional.of(new SyncStore.Attempt(Instant.EPOCH, null, null, Instant.EPOCH))).line(ZoneOffset.UTC));
        assertEquals("offline, 50 pending", new SyncService.Status(Optional.of(ENROLLED), 50, Optional.empty(),
                Optional.of(new SyncStore.Attempt(Instant.EPOCH, "offline: ConnectException", null, null))).line(ZoneOffset.UTC));
        SyncService.Status refused = new SyncService.Status(Optional.of(ENROLLED), 50, Optional.of(AT_41),
                Optional.of(new SyncStore.Attempt(Instant.EPOCH, "the collector refused (HTTP 409): …", 7L, null)));
        assertTrue(refused.conflict());
        assertTrue(refused.line(ZoneOffset.UTC).contains("entry #7"), refused.line(ZoneOffset.UTC));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToFifteenMinutes() {
        assertEquals(Duration.ofMillis(2_500), SyncLoop.backoff(1, 0.0));
        assertEquals(Duration.ofMillis(7_500), SyncLoop.backoff(1, 1.0));
        assertEquals(Duration.ofSeconds(10), SyncLoop.backoff(2, 0.5));
        assertEquals(Duration.ofSeconds(40), SyncLoop.backoff(4, 0.5));
        assertEquals(Duration.ofMinutes(15), SyncLoop.backoff(30, 0.5), "capped, however long it has been offline");
        assertTrue(SyncLoop.backoff(30, 0.99).compareTo(Duration.ofMinutes(23)) < 0);
    }
}
