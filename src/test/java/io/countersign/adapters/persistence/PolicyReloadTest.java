package io.countersign.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.app.Countersign;
import io.countersign.app.PolicyFileWatcher;
import io.countersign.core.TestDrafts;
import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEntry;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live policy reload: a valid saved file takes effect and is audited; an invalid one changes nothing. */
class PolicyReloadTest {

    @TempDir
    Path home;

    private static String stricter() {
        return new String(io.countersign.core.policy.loading.PolicyLoader.defaultPolicyBytes(), StandardCharsets.UTF_8)
                .replace("version: 2", "version: 3")
                .replace("  - id: pressure\n    severity: require_approval", "  - id: pressure\n    severity: block");
    }

    @Test
    void reloadActivatesAValidFileAndKeepsThePolicyInForceOnAnInvalidOne() throws Exception {
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            app.importer().importBytes("t.jsonl", (TestDrafts.jsonLine("a", "Dana, act now") + "\n").getBytes(StandardCharsets.UTF_8),
                    DraftFileReader.Format.JSONL);
            String before = app.policy().version();
            Files.writeString(home.resolve("policy.yaml"), "version: 9\nrules: {nope: {}}\n");
            PolicyException e = assertThrows(PolicyException.class, () -> app.policies().reload(Actor.SYSTEM));
            assertTrue(e.getMessage().contains("rules.nope: unknown rule"), e.getMessage());
            assertEquals(before, app.policy().version());

            Files.writeString(home.resolve("policy.yaml"), stricter());
            io.countersign.core.policy.PolicyActivation.Activation a = app.policies().reload(Actor.human("ana"));
            assertTrue(a.changed());
            assertEquals(1, a.decisionsChanged());
            assertEquals(Decision.BLOCK, app.drafts().find("a").orElseThrow().decision().decision());
            AuditEntry changed = app.audit().latest("policy.changed").orElseThrow();
            assertEquals(before, changed.text("previousPolicyVersion"));
            assertEquals(app.policy().version(), changed.text("policyVersion"));
            assertEquals("ana", changed.json().get("actor").get("id").asText());
            assertFalse(app.policies().reload(Actor.SYSTEM).changed(), "same file again: nothing to do");
            assertTrue(app.policies().kept(before).isPresent());
            assertTrue(app.audit().verify().ok());
        }
    }

    @Test
    void theWatcherPicksUpASavedFile() throws Exception {
        try (Countersign app = Countersign.open(home, false, Clock.systemUTC())) {
            BlockingQueue<String> events = new ArrayBlockingQueue<>(4);
            try (PolicyFileWatcher watcher = new PolicyFileWatcher(app, a -> events.add("activated " + a.version()),
                    error -> events.add("invalid " + error))) {
                Files.writeString(home.resolve("policy.yaml"), "version: [\n");
                String first = events.poll(20, TimeUnit.SECONDS);
                assertTrue(first != null && first.startsWith("invalid ") && first.contains("malformed YAML"), first);
                Files.writeString(home.resolve("policy.yaml"), stricter());
                String second = events.poll(20, TimeUnit.SECONDS);
                assertTrue(second != null && second.startsWith("activated 3+sha256:"), second);
            }
        }
    }
}
