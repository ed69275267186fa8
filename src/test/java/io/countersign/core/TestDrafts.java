package io.countersign.core;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.Research;
import io.countersign.core.policy.PolicyInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for drafts in tests. */
public final class TestDrafts {

    private TestDrafts() {
    }

    public static Draft linkedin(String id, String content, Claim... claims) {
        return new Draft(id, Channel.LINKEDIN, "maria.linkedin",
                new Lead("lead-" + id, "Dana Whitfield", null, "https://www.linkedin.com/in/dana", "Northwind Pay"),
                null, content, List.of(claims), new Research("Series B", "Ramp SDRs"), "p1", "q4", "li-v2", "sales",
                "agent-7", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
    }

    public static Draft email(String id, String subject, String content, Claim... claims) {
        return new Draft(id, Channel.EMAIL, "maria.email",
                new Lead("lead-" + id, "Dana Whitfield", "dana@northwind.example", null, "Northwind Pay"),
                subject, content, List.of(claims), new Research("Series B", "Ramp SDRs"), "p1", "q4", "intro-v3", "sales",
                "agent-7", Instant.parse("2026-11-25T09:00:00Z"), Map.of());
    }

    public static PolicyInput input(String content, Claim... claims) {
        return PolicyInput.original(linkedin("d1", content, claims));
    }

    /** A JSONL line for a valid LinkedIn draft with this id and content (content must be JSON-safe). */
    public static String jsonLine(String id, String content) {
        return "{\"id\":\"" + id + "\",\"channel\":\"linkedin\",\"identityId\":\"maria.linkedin\","
                + "\"lead\":{\"id\":\"L-" + id + "\",\"name\":\"Dana Whitfield\",\"company\":\"Northwind Pay\"},"
                + "\"content\":\"" + content + "\",\"createdBy\":\"agent-7\",\"createdAt\":\"2026-11-25T09:00:00Z\"}";
    }
}
