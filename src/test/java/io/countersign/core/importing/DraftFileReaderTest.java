package io.countersign.core.importing;

import static io.countersign.core.TestDrafts.jsonLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Draft;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftFileReaderTest {

    private static ParsedFile jsonl(String text) {
        return DraftFileReader.read("in.jsonl", text.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
    }

    private static String problemAt(ParsedFile f, long line) {
        return f.problems().stream().filter(p -> p.line() == line).map(ImportProblem::reason).findFirst()
                .orElseThrow(() -> new AssertionError("no problem on line " + line + ": " + f.problems()));
    }

    @Test
    void reportsEveryBadLineWithItsNumberAndKeepsTheRest() {
        String big = "x".repeat(DraftCodec.MAX_CONTENT_BYTES + 1);
        String file = String.join("\n",
                jsonLine("ok-1", "Hello"),
                "{not json",
                "{\"id\":\"x\"}",
                jsonLine("wrong-type", "Hi").replace("\"identityId\":\"maria.linkedin\"", "\"identityId\":42"),
                jsonLine("chan", "Hi").replace("linkedin\"", "fax\""),
                jsonLine("big", big),
                "",
                jsonLine("ok-2", "Bye"),
                jsonLine("ok-1", "again"),
                "[1,2]",
                jsonLine("dupkey", "Hi").replace("{\"id\":\"dupkey\"", "{\"id\":\"dupkey\",\"id\":\"dupkey2\""),
                jsonLine("trail", "Hi") + " {}") + "\n";
        ParsedFile f = jsonl(file);
        assertEquals(List.of("ok-1", "ok-2"), f.drafts().stream().map(Draft::id).toList());
        assertTrue(problemAt(f, 2).startsWith("malformed JSON at column"), problemAt(f, 2));
        assertTrue(problemAt(f, 3).contains("channel: required"));
        assertTrue(problemAt(f, 3).contains("lead: required"));
        assertTrue(problemAt(f, 3).contains("content: required"));
        assertTrue(problemAt(f, 4).contains("identityId: must be a string, found a number"));
        assertTrue(problemAt(f, 5).contains("channel: unknown channel 'fax'"));
        assertTrue(problemAt(f, 6).contains("over the 102400-byte limit"));
        assertTrue(problemAt(f, 9).contains("duplicate id 'ok-1' (first seen on line 1)"));
        assertTrue(problemAt(f, 10).contains("a draft must be a JSON object"));
        assertTrue(problemAt(f, 11).contains("Duplicate field 'id'"), problemAt(f, 11));
        assertTrue(problemAt(f, 12).startsWith("malformed JSON"), problemAt(f, 12));
        assertEquals(9, f.problems().size());
    }

    @Test
    void invalidUtf8IsReportedOnItsLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((jsonLine("a", "fine") + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes((jsonLine("b", "bad ") + "\n").replace("bad ", "bad \u0000").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                bytes[i] = (byte) 0xC3; // a lead byte followed by '"' is not UTF-8
            }
        }
        ParsedFile f = DraftFileReader.read("in.jsonl", bytes, DraftFileReader.Format.JSONL);
        assertEquals(1, f.drafts().size());
        assertEquals("invalid UTF-8 (line is not valid UTF-8 text)", problemAt(f, 2));
    }

    @Test
    void unicodeSurvivesUnchangedAndLoneSurrogatesAreRefused() {
        String hostile = "Hi \uD83D\uDC4B\uD83C\uDFFD \u05E9\u05DC\u05D5\u05DD e\u0301 zero\u200Bwidth \u202Eevil\u202C";
        String escaped = hostile.replace("\\", "\\\\");
        ParsedFile f = jsonl(jsonLine("u1", escaped) + "\n" + jsonLine("u2", "broken \\ud800 text") + "\n");
        assertEquals(hostile, f.drafts().get(0).content());
        assertTrue(problemAt(f, 2).contains("unpaired UTF-16 surrogate"), problemAt(f, 2));
    }

    @Test
    void unknownFieldsAreKeptWithTheDraft() {
        String line = jsonLine("x1", "Hi").replace("\"content\"", "\"crmId\":\"0061\",\"score\":7,\"content\"")
                .replace("\"company\":\"Northwind Pay\"", "\"company\":\"Northwind Pay\",\"title\":\"VP\"");
        Draft d = jsonl(line).drafts().get(0);
        assertEquals("0061", d.extra().get("crmId"));
        assertEquals(7, d.extra().get("score"));
        assertEquals("VP", d.extra().get("lead.title"));
        Draft back = DraftCodec.fromStored(DraftCodec.toJson(d));
        assertEquals(d, back);
    }

    @Test
    void emailNeedsASubjectAndLinkedinHasNone() {
        String email = jsonLine("e1", "Hi").replace("\"linkedin\"", "\"email\"");
        assertTrue(problemAt(jsonl(email), 1).contains("subject: required for email drafts"));
        String li = jsonLine("l1", "Hi").replace("\"content\"", "\"subject\":\"Hello\",\"content\"");
        assertTrue(problemAt(jsonl(li), 1).contains("LinkedIn messages have no subject"));
    }

    @Test
    void csvWithQuotesAndNewlinesInsideFields() {
        String csv = "id,channel,identityId,lead.id,lead.name,lead.company,subject,content,claims,createdBy,createdAt,crm.owner\n"
                + "c1,email,maria.email,L1,\"Whitfield, Dana\",Northwind,Hi,\"Line one\nLine \"\"two\"\"\","
                + "\"[{\"\"type\"\":\"\"metric\"\",\"\"value\"\":\"\"3x\"\",\"\"evidenceUrl\"\":\"\"https://e.example/x\"\"}]\","
                + "agent-7,2026-11-25T09:00:00Z,ana\n"
                + "c2,fax,maria.email,L2,Sam,Lumen,Hi,Body,,agent-7,2026-11-25T09:00:00Z,\n"
                + "c3,linkedin,maria.linkedin,L3,Ana,Bright,,Body,not json,agent-7,2026-11-25T09:00:00Z,\n"
                + "c4,linkedin,maria.linkedin,L4,Ana,Bright,,Body,,agent-7\n"
                + "c5,linkedin,maria.linkedin,L5,Ana,Bright,,Body,,agent-7,2026-11-25T09:00:00+01:00,\n";
        ParsedFile f = DraftFileReader.read("in.csv", csv.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.CSV);
        Draft c1 = f.drafts().get(0);
        assertEquals("Line one\nLine \"two\"", c1.content());
        assertEquals("Whitfield, Dana", c1.lead().name());
        assertEquals(Channel.EMAIL, c1.channel());
        assertEquals("https://e.example/x", c1.claims().get(0).evidenceUrl());
        assertEquals("ana", c1.extra().get("crm.owner"));
        assertEquals("c5", f.drafts().get(1).id());
        assertEquals(java.time.Instant.parse("2026-11-25T08:00:00Z"), f.drafts().get(1).createdAt());
        assertTrue(problemAt(f, 4).contains("unknown channel 'fax'"), f.problems().toString());
        assertTrue(problemAt(f, 5).contains("claims: not a JSON array"));
        assertTrue(problemAt(f, 6).contains("has 10 fields but the header has 12"));
    }

    @Test
    void csvUnterminatedQuoteStopsWithALineNumberAndKeepsEarlierRecords() {
        String csv = "id,channel,identityId,lead.id,content,createdBy,createdAt\n"
                + "a,linkedin,m,L1,Hello,agent,2026-11-25T09:00:00Z\n"
                + "b,linkedin,m,L2,\"never closed,agent,2026-11-25T09:00:00Z\n";
        ParsedFile f = DraftFileReader.read("in.csv", csv.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.CSV);
        assertEquals(1, f.drafts().size());
        assertTrue(problemAt(f, 3).startsWith("malformed CSV"), f.problems().toString());
    }

    @Test
    void csvInvalidUtf8RejectsOnlyThatRecord() {
        String csv = "id,channel,identityId,lead.id,content,createdBy,createdAt\n"
                + "a,linkedin,m,L1,Hello,agent,2026-11-25T09:00:00Z\n"
                + "b,linkedin,m,L2,Bad?,agent,2026-11-25T09:00:00Z\n"
                + "c,linkedin,m,L3,Fine,agent,2026-11-25T09:00:00Z\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '?') {
                bytes[i] = (byte) 0xFF;
            }
        }
        ParsedFile f = DraftFileReader.read("in.csv", bytes, DraftFileReader.Format.CSV);
        assertEquals(List.of("a", "c"), f.drafts().stream().map(Draft::id).toList());
        assertEquals("invalid UTF-8 on line 3", problemAt(f, 3));
    }

    @Test
    void formatIsDetectedFromNameThenContent() {
        assertEquals(DraftFileReader.Format.CSV, DraftFileReader.Format.detect("x.CSV", new byte[0]));
        assertEquals(DraftFileReader.Format.JSONL, DraftFileReader.Format.detect("x.jsonl", new byte[0]));
        assertEquals(DraftFileReader.Format.JSONL, DraftFileReader.Format.detect("-", "  {\"a\":1}".getBytes()));
        assertEquals(DraftFileReader.Format.CSV, DraftFileReader.Format.detect("-", "id,channel".getBytes()));
    }
}
