package io.countersign.core.importing;

import static io.countersign.core.TestDrafts.jsonLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Draft;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files built to break the reader: each bad record is named by its line, and every good one still arrives. */
class HostileImportTest {

    private static final String HEADER = "id,channel,identityId,lead.id,content,createdBy,createdAt\n";

    private static String csvRow(String id, String content) {
        return id + ",linkedin,m,L-" + id + "," + content + ",agent,2026-11-25T09:00:00Z\n";
    }

    private static ParsedFile read(String name, InputStream in, DraftFileReader.Format format) {
        return DraftFileReader.collect(name, in, format);
    }

    private static ParsedFile csv(String text) {
        return DraftFileReader.read("in.csv", text.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.CSV);
    }

    private static ParsedFile jsonl(String text) {
        return DraftFileReader.read("in.jsonl", text.getBytes(StandardCharsets.UTF_8), DraftFileReader.Format.JSONL);
    }

    private static List<String> ids(ParsedFile f) {
        return f.drafts().stream().map(Draft::id).toList();
    }

    private static String only(ParsedFile f, long line) {
        assertEquals(1, f.problems().size(), f.problems().toString());
        assertEquals(line, f.problems().get(0).line(), f.problems().toString());
        return f.problems().get(0).reason();
    }

    /** A stream of {@code n} bytes of {@code b}, never held in memory at once. */
    private static InputStream repeated(long n, byte b) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + k, b);
                left -= k;
                return k;
            }
        };
    }

    private static InputStream bytes(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFiftyMegabyteLineIsThatLinesErrorAndTheOthersArrive() {
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                bytes(jsonLine("a", "fine") + "\n" + "{\"id\":\"big\",\"content\":\""),
                repeated(50L << 20, (byte) 'x'),
                bytes("\"}\n" + jsonLine("b", "fine too") + "\n"))));
        ParsedFile f = read("huge.jsonl", in, DraftFileReader.Format.JSONL);
        assertEquals(List.of("a", "b"), ids(f));
        assertTrue(only(f, 2).startsWith("line is 51200 KB long, over the 1024 KB a draft may take"), f.problems().toString());
    }

    @Test
    void deepNestingHugeNumbersAndGiantStringsAreEachTheirLinesError() {
        String deep = "{\"id\":\"n\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        String deep999 = jsonLine("n999", "hi").replace("}", ",\"x\":" + "[".repeat(999) + "]".repeat(999) + "}");
        String digits = jsonLine("d", "hi").replaceFirst("\\}$", ",\"x\":" + "1".repeat(1200) + "}");
        ParsedFile f = jsonl(String.join("\n", jsonLine("a", "ok"), deep, deep999, digits, jsonLine("b", "ok")) + "\n");
        assertEquals(List.of("a", "b"), ids(f));
        assertEquals(3, f.problems().size(), f.problems().toString());
        assertEquals("nested deeper than 64 levels", f.problems().get(0).reason());
        assertEquals(3, f.problems().get(1).line());
        assertEquals("nested deeper than 64 levels", f.problems().get(1).reason());
        assertEquals("a number has more than 100 digits", f.problems().get(2).reason());
    }

    @Test
    void aStrayQuoteInACsvFieldCostsOnlyItsRecord() {
        ParsedFile f = csv(HEADER + csvRow("c1", "Hi Dana") + csvRow("c2", "\"Hi Dana, \"oops\" Northwind\"")
                + csvRow("c3", "Hi") + csvRow("c4", "\"Hi, again\""));
        assertEquals(List.of("c1", "c3", "c4"), ids(f));
        assertTrue(only(f, 3).startsWith("malformed CSV: a quote inside a quoted field must be written twice"), f.problems().toString());
    }

    @Test
    void aQuoteThatNeverClosesIsReportedWhereItOpensAndReadingResumesOnTheNextLine() {
        // The quote opens c2's content and pairs up two records later: the joined record fails to
        // parse and is read again from its second line, so c3 and c4 still arrive.
        ParsedFile f = csv(HEADER + csvRow("c1", "Hi") + csvRow("c2", "\"Hi Dana") + csvRow("c3", "Hi")
                + csvRow("c4", "\"one \"\" quote\"") + csvRow("c5", "\"multi\nline\""));
        assertEquals(List.of("c1", "c3", "c4", "c5"), ids(f));
        assertTrue(only(f, 3).contains("record skipped, reading resumes on line 4"), f.problems().toString());
        assertEquals("one \" quote", f.drafts().get(2).content());
        assertEquals("multi\nline", f.drafts().get(3).content());

        // Joined records that happen to parse: the name field that swallowed a line break gives it away.
        ParsedFile joined = csv("id,channel,identityId,lead.id,lead.name,content,createdBy,createdAt\n"
                + "a,linkedin,m,L1,\"Zo\u00eb, \n"
                + "b,linkedin,m,L2,\"\"Zo\u00eb\",\"Hi\",agent,2026-11-25T09:00:00Z\n"
                + "c,linkedin,m,L3,Sam,\"Hi\",agent,2026-11-25T09:00:00Z\n");
        assertEquals(List.of("c"), ids(joined));
        assertTrue(joined.problems().get(0).reason().startsWith("lead.name: must be one line"), joined.problems().toString());

        ParsedFile eof = csv(HEADER + csvRow("c1", "Hi") + csvRow("c2", "\"never closed") + csvRow("c3", "Hi"));
        assertEquals(List.of("c1", "c3"), ids(eof));
        assertEquals(3, eof.problems().get(0).line(), eof.problems().toString());
    }

    @Test
    void aDuplicatedOrNamelessHeaderColumnIsNamedInsteadOfAFieldCountThatAgrees() {
        ParsedFile dup = csv("id,id,channel,identityId,lead.id,content,createdBy,createdAt\n" + "c1,c1," + csvRow("x", "Hi").substring(2));
        assertEquals("header: column 'id' appears twice (columns 1 and 2); no records read", only(dup, 1));
        ParsedFile blank = csv("id,,channel\nc1,x,linkedin\n");
        assertEquals("header: column 2 has no name; no records read", only(blank, 1));
    }

    @Test
    void utf16AndUtf32FilesAreNamedAsSuchInEitherFormat() {
        String text = jsonLine("a", "Hi") + "\n" + jsonLine("b", "Hi") + "\n";
        for (String cs : List.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32")) {
            byte[] bytes = text.getBytes(Charset.forName(cs));
            if (cs.equals("UTF-32")) {
                ByteArrayOutputStream withBom = new ByteArrayOutputStream();
                withBom.writeBytes(new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF});
                withBom.writeBytes(bytes);
                bytes = withBom.toByteArray();
            }
            for (DraftFileReader.Format format : DraftFileReader.Format.values()) {
                ParsedFile f = DraftFileReader.read("in", bytes, format);
                assertTrue(f.drafts().isEmpty());
                String reason = only(f, 1);
                assertTrue(reason.startsWith("file is " + cs.substring(0, 6)) && reason.endsWith("save it as UTF-8 and import it again"),
                        cs + " " + format + ": " + reason);
            }
        }
        // Plain UTF-8 with accents and a BOM is not mistaken for it.
        assertEquals(List.of("é"), ids(jsonl("\uFEFF" + jsonLine("é", "Grüße"))));
    }

    @Test
    void aCarriageReturnInsideAQuotedFieldDoesNotMoveLineNumbers() {
        ParsedFile f = csv(HEADER + csvRow("c1", "\"one\rtwo\rthree\"") + csvRow("c2", "\"bad \"quote\" here\"") + csvRow("c3", "ok"));
        assertEquals(List.of("c1", "c3"), ids(f));
        assertEquals("one\rtwo\rthree", f.drafts().get(0).content());
        only(f, 3);
        // A CR on its own outside quotes still ends a record (old Mac files).
        ParsedFile mac = csv((HEADER + csvRow("m1", "Hi") + csvRow("m2", "Ho")).replace('\n', '\r'));
        assertEquals(List.of("m1", "m2"), ids(mac));
    }

    @Test
    void aRawNulInACsvFieldIsRefusedAsJsonLinesRefusesIt() {
        ParsedFile f = csv(HEADER + csvRow("c1", "Hi\u0000Dana") + csvRow("c2", "fine"));
        assertEquals(List.of("c2"), ids(f));
        assertEquals("content: control character U+0000 is not allowed", only(f, 2));
        ParsedFile j = jsonl(jsonLine("j1", "Hi") + "\n" + jsonLine("j2", "Hi\u0000Dana") + "\n");
        assertEquals(List.of("j1"), ids(j));
    }

    @Test
    void idsWithControlCharactersAreRefused() {
        ParsedFile f = jsonl(jsonLine("a\\tb\\nforged", "Hi") + "\n" + jsonLine("rtl\\u202Eid", "Hi") + "\n" + jsonLine("ok id", "Hi") + "\n");
        assertEquals(List.of("ok id"), ids(f));
        assertTrue(f.problems().get(0).reason().startsWith("id: must not hold control, format or line-break characters"),
                f.problems().toString());
        assertTrue(f.problems().get(0).reason().contains("a\\u0009b\\u000Aforged"), f.problems().toString());
        assertEquals(2, f.problems().size());
    }

    @Test
    void unknownFieldsKeepTheirNumbersAndAreCappedInSize() {
        ParsedFile f = jsonl(jsonLine("inf", "Hi").replaceFirst("\\}$", ",\"x\":1e999999,\"y\":0.1}") + "\n");
        Draft d = f.drafts().get(0);
        assertEquals(new java.math.BigDecimal("1e999999"), d.extra().get("x"));
        Draft back = DraftCodec.fromStored(DraftCodec.toJson(d));
        assertEquals(new java.math.BigDecimal("1e999999"), back.extra().get("x"), "not \"Infinity\" after storing");
        assertEquals(new java.math.BigDecimal("0.1"), back.extra().get("y"));

        String ok = "y".repeat(DraftCodec.MAX_UNKNOWN_FIELDS_BYTES - 100);
        String big = "[" + ("\"" + "z".repeat(100) + "\",").repeat(200) + "\"end\"]";
        ParsedFile capped = jsonl(jsonLine("small", "Hi").replaceFirst("\\}$", ",\"note\":\"" + ok + "\"}") + "\n"
                + jsonLine("large", "Hi").replaceFirst("\\}$", ",\"crm\":\"x\",\"blob\":" + big + "}") + "\n");
        assertEquals(List.of("small"), ids(capped));
        assertEquals("unknown fields take 20 KB, over the 16 KB kept per draft (largest: blob); remove them from the file",
                only(capped, 2));
    }

    @Test
    void theStoredLeadIsReadAloneAsTheWholeDocumentReadsIt() {
        ParsedFile f = jsonl(jsonLine("lead-last", "Hi").replaceFirst("\\}$", ",\"crm\":{\"lead\":{\"id\":\"not this\"}},"
                + "\"tags\":[[1,{\"lead\":2}]]}") + "\n");
        Draft d = f.drafts().get(0);
        String stored = DraftCodec.toJson(d).toString();
        assertEquals(DraftCodec.fromStored(DraftCodec.toJson(d)).lead(), DraftCodec.storedLead(stored));
        assertEquals(d.lead(), DraftCodec.storedLead(stored));
        // The lead may come after anything else, nested lookalikes included.
        String reordered = "{\"x\":{\"lead\":{\"id\":\"decoy\"}},\"lead\":{\"company\":\"Ünïcode Ltd\",\"id\":\"L\u202E1\"}}";
        assertEquals(new io.countersign.core.draft.Lead("L\u202E1", null, null, null, "Ünïcode Ltd"), DraftCodec.storedLead(reordered));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> DraftCodec.storedLead("{\"id\":\"x\"}"));
        assertEquals("stored draft has no lead", none.getMessage());
        assertThrows(IllegalStateException.class, () -> DraftCodec.storedLead("{\"lead\":{\"id\":"));
        assertThrows(IllegalStateException.class, () -> DraftCodec.storedLead("[1]"));
    }

    @Test
    void aByteAtTheOneMegabyteLimitOfAnOpenQuoteIsNotLost() {
        StringBuilder csv = new StringBuilder(HEADER).append(csvRow("c0", "\"oops"));
        int rows = 12_000; // ~1.2 MB after the open quote: the limit is hit in the middle of them
        for (int i = 1; i <= rows; i++) {
            csv.append(csvRow("c" + i, "Hello number " + i + " with some words to make it longer " + "x".repeat(i % 37)));
        }
        ParsedFile f = csv(csv.toString());
        assertEquals(rows, f.drafts().size(), f.problems().toString());
        for (int i = 1; i <= rows; i++) {
            assertEquals("Hello number " + i + " with some words to make it longer " + "x".repeat(i % 37),
                    f.drafts().get(i - 1).content(), "c" + i);
        }
        assertEquals(2, f.problems().get(0).line(), f.problems().toString());
    }

    @Test
    void anOverLongRecordEndsAtItsLineWhateverQuotesItHolds() {
        String huge = "z".repeat(CsvRecords.MAX_RECORD_BYTES + 100) + ",\"";
        ParsedFile f = csv(HEADER + csvRow("c1", "Hi") + huge + "\n" + csvRow("c2", "Ho") + csvRow("c3", "Hey"));
        assertEquals(List.of("c1", "c2", "c3"), ids(f));
        assertTrue(only(f, 3).startsWith("record is over 1024 KB long"), f.problems().toString());
    }

    @Test
    void manyQuotesThatNeverCloseAreSkippedAsARegionNotReadAgainLineByLine() {
        StringBuilder csv = new StringBuilder(HEADER).append(csvRow("c1", "Hi"));
        for (int i = 0; i < 200_000; i++) {
            csv.append("a\"b,\"\n"); // opens a quote on every line, whatever the line starts in
        }
        ParsedFile f = csv(csv.toString());
        assertEquals(List.of("c1"), ids(f));
        assertTrue(f.problems().size() < 100, f.problems().size() + " problems");
        assertTrue(f.problems().stream().anyMatch(p -> p.reason().contains("skipped (too many broken quotes")), f.problems().toString());
    }

    @Test
    void aMultiLineDraftRefusedForWhatItSaysIsNotReadAgainAsRecords() {
        ParsedFile f = csv(HEADER + csvRow("c1", "\"one\ntwo\nthree\"") + csvRow("c1", "\"again\nand again\"") + csvRow("c2", "Hi"));
        assertEquals(List.of("c1", "c2"), ids(f));
        assertTrue(only(f, 5).startsWith("duplicate id 'c1'"), f.problems().toString());
    }

    @Test
    void anUnreadableHeaderIsReportedAndNoDataRowTakesItsPlace() {
        ParsedFile f = csv("id,\"channel\"x,identityId,lead.id,content,createdBy,createdAt\n" + csvRow("c1", "Hi") + csvRow("c2", "Ho"));
        assertTrue(f.drafts().isEmpty());
        assertTrue(only(f, 1).startsWith("header: malformed CSV"), f.problems().toString());
        assertTrue(only(f, 1).endsWith("no records read"), f.problems().toString());
    }
}
