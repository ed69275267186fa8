package io.countersign.core.importing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.draft.Draft;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style: valid JSONL and CSV files with random lines mutated (cut short, duplicated, a byte
 * flipped, a quote inserted). Every untouched record must be imported, and every mutated one either
 * imported (a harmless change) or named by a problem on its own line.
 */
class MutatedFilesTest {

    private static final int RECORDS = 30;
    private static final int ROUNDS = 300;

    /** Ids a single changed byte cannot turn into another valid id. */
    private static String id(int i) {
        return "r" + i + "-" + i;
    }

    private static String jsonLine(int i) {
        return "{\"id\":\"" + id(i) + "\",\"channel\":\"linkedin\",\"identityId\":\"m\",\"lead\":{\"id\":\"L" + i
                + "\",\"name\":\"Zoë Ñ\"},\"content\":\"Hi Zoë, \\\"quoted\\\" and, commas\",\"createdBy\":\"a\","
                + "\"createdAt\":\"2026-11-25T09:00:00Z\"}";
    }

    private static String csvLine(int i) {
        return id(i) + ",linkedin,m,L" + i + ",\"Zoë, Ñ\",\"Hi Zoë, \"\"quoted\"\" and, commas\",a,2026-11-25T09:00:00Z";
    }

    private record Line(byte[] bytes, int record, boolean mutated) {
    }

    @Test
    void untouchedRecordsArriveAndBrokenOnesAreNamed() {
        Random random = new Random(20261201);
        for (int round = 0; round < ROUNDS; round++) {
            for (DraftFileReader.Format format : DraftFileReader.Format.values()) {
                check(format, random, round);
            }
        }
    }

    private static void check(DraftFileReader.Format format, Random random, int round) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            byte[] b = (format == DraftFileReader.Format.CSV ? csvLine(i) : jsonLine(i)).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(5) > 0) {
                lines.add(new Line(b, i, false));
                continue;
            }
            switch (random.nextInt(4)) {
                case 0 -> lines.add(new Line(java.util.Arrays.copyOf(b, 1 + random.nextInt(b.length - 1)), i, true)); // an empty line is no record
                case 1 -> {
                    lines.add(new Line(b, i, false));
                    lines.add(new Line(b, i, true)); // the copy is the broken one: a duplicate id
                }
                case 2 -> {
                    byte[] c = b.clone();
                    byte v;
                    do {
                        v = (byte) random.nextInt(256);
                    } while (v == '\n' || v == '\r');
                    c[random.nextInt(c.length)] = v;
                    lines.add(new Line(c, i, true));
                }
                default -> {
                    int at = random.nextInt(b.length + 1);
                    ByteArrayOutputStream c = new ByteArrayOutputStream();
                    c.write(b, 0, at);
                    c.write('"');
                    c.write(b, at, b.length - at);
                    lines.add(new Line(c.toByteArray(), i, true));
                }
            }
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        if (format == DraftFileReader.Format.CSV) {
            file.writeBytes("id,channel,identityId,lead.id,lead.name,content,createdBy,createdAt\n".getBytes(StandardCharsets.UTF_8));
        }
        int offset = format == DraftFileReader.Format.CSV ? 2 : 1;
        for (Line l : lines) {
            file.writeBytes(l.bytes());
            file.write('\n');
        }
        Set<String> imported = new HashSet<>();
        Set<Long> importedLines = new HashSet<>();
        List<ImportProblem> problems = new ArrayList<>();
        DraftFileReader.read("in", new java.io.ByteArrayInputStream(file.toByteArray()), format, new DraftFileReader.Sink() {
            @Override
            public void draft(long line, Draft draft) {
                imported.add(draft.id());
                importedLines.add(line);
            }

            @Override
            public void problem(ImportProblem problem) {
                problems.add(problem);
            }
        });
        ParsedFile parsed = new ParsedFile("in", List.of(), problems);
        Set<Long> named = new HashSet<>();
        parsed.problems().forEach(p -> named.add(p.line()));
        String context = format + " round " + round + "\n" + file.toString(StandardCharsets.UTF_8) + "\nproblems: " + parsed.problems();
        for (int n = 0; n < lines.size(); n++) {
            Line l = lines.get(n);
            long lineNo = n + offset;
            if (!l.mutated()) {
                assertTrue(imported.contains(id(l.record())), "untouched line " + lineNo + " (" + id(l.record()) + ") lost in " + context);
            } else {
                assertTrue(named.contains(lineNo) || importedLines.contains(lineNo),
                        "mutated line " + lineNo + " neither imported nor named in " + context);
            }
        }
    }
}
