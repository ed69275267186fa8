package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.TestWorkspaces;
import io.countersign.app.Countersign;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.identity.Identity;
import io.countersign.core.identity.IdentityStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identities are cached by id; the cache never shows a row the database does not hold (committed). */
class IdentityCacheTest {

    @TempDir
    Path home;

    private static AuditEvent event(Identity i) {
        return AuditEvent.of(AuditEventType.IDENTITY_PAUSED, Actor.human("admin")).with("identityId", i.id()).build();
    }

    @Test
    void aRolledBackChangeIsNeverSeenAndACommittedOneAtOnce() throws Exception {
        try (Countersign app = TestWorkspaces.open(home, Clock.systemUTC())) {
            IdentityStore store = app.workspace().identities();
            Identity maria = store.find("maria.email").orElseThrow();
            assertFalse(maria.paused());
            assertEquals(maria, store.find("maria.email").orElseThrow(), "served again (from the cache)");

            CompletableFuture<Boolean> seenByOthers = new CompletableFuture<>();
            assertThrows(IllegalStateException.class, () -> app.workspace().unitOfWork().write(w -> {
                store.update(maria.withState(Identity.State.PAUSED, "test", "admin"), event(maria));
                assertTrue(store.find("maria.email").orElseThrow().paused(), "the writing unit sees its own change");
                // another thread, meanwhile, sees what is committed
                seenByOthers.complete(CompletableFuture.supplyAsync(() -> store.find("maria.email").orElseThrow().paused())
                        .orTimeout(30, TimeUnit.SECONDS).join());
                throw new IllegalStateException("the unit fails after the change");
            }));
            assertFalse(seenByOthers.get(), "an uncommitted change is not visible to other threads");
            assertFalse(store.find("maria.email").orElseThrow().paused(), "rolled back: the cache does not keep it");

            store.update(maria.withState(Identity.State.PAUSED, "test", "admin"), event(maria));
            assertTrue(store.find("maria.email").orElseThrow().paused(), "committed: seen at once");
            store.delete("maria.email", event(maria));
            assertTrue(store.find("maria.email").isEmpty());
        }
    }
}
