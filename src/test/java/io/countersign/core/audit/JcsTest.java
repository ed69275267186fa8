package io.countersign.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-for-byte checks against the worked example of audit-bundle-v1 and RFC 8785 rules. */
class JcsTest {

    @Test
    void workedExampleFromTheSpecIsReproducedExactly() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("type", "session.login");
        first.put("ts", "2025-03-01T09:00:00Z");
        first.put("seq", 0);
        first.put("actor", Map.of("kind", "human", "id", "alice"));
        String line0 = Jcs.write(first);
        assertEquals("{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":0,\"ts\":\"2025-03-01T09:00:00Z\",\"type\":\"session.login\"}", line0);

        Map<String, Object> second = new LinkedHashMap<>();
        second.put("type", "document.edit");
        second.put("doc", "Q1 \u201cdraft\u201d \u00fc");
        second.put("chars", 1234);
        second.put("seq", 1);
        second.put("ts", "2025-03-01T09:00:00.250Z");
        second.put("actor", Map.of("kind", "agent", "id", "copilot-7"));
        String line1 = Jcs.write(second);

        assertEquals("385ab9c077cc6feb68bdc286295d5d7753fc9841b45c8f74970064066cc4ccea",
                HexFormat.of().formatHex(AuditHashes.leafHash(line0)));
        assertEquals("4517a70e48518641fff7138592a77bb6847fbca019fb719a70a41266cef0717f",
                HexFormat.of().formatHex(AuditHashes.leafHash(line1)));
    }

    @Test
    void auditEventProducesTheSameCanonicalLine() {
        AuditEvent e = AuditEvent.of("session.login", Actor.human("alice")).build();
        assertEquals("{\"actor\":{\"id\":\"alice\",\"kind\":\"human\"},\"seq\":0,\"ts\":\"2025-03-01T09:00:00Z\",\"type\":\"session.login\"}",
                e.canonicalLine(0, java.time.Instant.parse("2025-03-01T09:00:00Z")));
    }

    @Test
    void escapesOnlyWhatRfc8785Escapes() {
        assertEquals("\"\\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001f/\u007f\u2028\uD83D\uDE00\"",
                Jcs.write("\"\\\b\t\n\f\r\u0001\u001f/\u007f\u2028\uD83D\uDE00"));
    }

    @Test
    void sortsKeysByUtf16CodeUnits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uFB33", 1);
        m.put("\uD83D\uDE02", 2);
        m.put("a", 3);
        m.put("\u00e9", 4);
        assertEquals("{\"a\":3,\"\u00e9\":4,\"\uD83D\uDE02\":2,\"\uFB33\":1}", Jcs.write(m));
    }

    @Test
    void refusesWhatTheSubsetForbids() {
        assertThrows(IllegalArgumentException.class, () -> Jcs.write(1.5));
        assertThrows(IllegalArgumentException.class, () -> Jcs.write(9007199254740992L));
        assertThrows(IllegalArgumentException.class, () -> Jcs.write("lone \uD800 surrogate"));
        assertThrows(IllegalArgumentException.class, () -> Jcs.write(Map.of(1, "x")));
        assertEquals("[true,false,null,-9007199254740991]", Jcs.write(java.util.Arrays.asList(true, false, null, -9007199254740991L)));
        assertEquals("[]", Jcs.write(List.of()));
    }

    @Test
    void aPreparedLineIsByteForByteTheLineWrittenWhole() {
        // The import writes audit lines on the evaluation threads and splices seq and ts in later:
        // the result must be exactly what writing the whole object gives, for any member names.
        java.util.Random random = new java.util.Random(7);
        String[] names = {"a", "act", "draftId", "s", "se", "seq0", "sequence", "t", "ts0", "tz", "type0", "\u00e9", "Z", "\ud83d\ude00"};
        for (int round = 0; round < 500; round++) {
            AuditEvent.Builder b = AuditEvent.of("t.e" + round, Actor.human("r\u00e9viewer " + round));
            for (String n : names) {
                if (random.nextBoolean()) {
                    b.with(n, random.nextBoolean() ? "v\"" + random.nextInt() + "\n" : (Object) List.of(random.nextInt(), Map.of("k", "x")));
                }
            }
            AuditEvent e = b.build();
            long seq = random.nextInt(1_000_000);
            java.time.Instant ts = java.time.Instant.ofEpochSecond(1_700_000_000L + random.nextInt(), random.nextInt(1_000_000_000));
            Map<String, Object> whole = new LinkedHashMap<>(e.members());
            whole.put("seq", seq);
            whole.put("ts", ts.toString());
            whole.put("type", e.type());
            Map<String, Object> actor = new LinkedHashMap<>();
            actor.put("kind", e.actor().kind().wireName());
            actor.put("id", e.actor().id());
            whole.put("actor", actor);
            assertEquals(Jcs.write(whole), e.prepare().canonicalLine(seq, ts));
        }
    }
}
