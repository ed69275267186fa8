package io.countersign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.core.TestDrafts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    private CliHarness.Run run(String... args) {
        return CliHarness.run(dir.resolve("ws"), withSigningKey(args));
    }

    private final java.util.Set<String> keysMade = new java.util.HashSet<>();

    /**
     * A decision from the CLI is signed with the reviewer's key: the reviewer makes one first
     * ({@code review key create}), and each decision reads its passphrase from a file.
     */
    private String[] withSigningKey(String... args) {
        if (args.length < 2 || !args[0].equals("review") || !(args[1].equals("approve") || args[1].equals("reject"))) {
            return args;
        }
        List<String> a = new java.util.ArrayList<>(List.of(args));
        int r = a.indexOf("--reviewer");
        String reviewer = r >= 0 && r + 1 < a.size() ? a.get(r + 1) : null;
        try {
            Path pass = dir.resolve("passphrase.txt");
            if (!Files.exists(pass)) {
                Files.writeString(pass, io.countersign.TestWorkspaces.PASSPHRASE + "\n", StandardCharsets.UTF_8);
            }
            if (keysMade.add(String.valueOf(reviewer))) {
                List<String> create = new java.util.ArrayList<>(List.of("review", "key", "create", "--passphrase-file", pass.toString()));
                if (reviewer != null) {
                    create.addAll(List.of("--reviewer", reviewer));
                }
                CliHarness.run(dir.resolve("ws"), create.toArray(String[]::new));
            }
            a.add("--passphrase-file");
            a.add(pass.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return a.toArray(String[]::new);
    }

    /** The sending identities the test drafts name, added as a user would. */
    private void identities() {
        for (String[] add : io.countersign.TestWorkspaces.cliAdds()) {
            assertEquals(0, run(add).code(), String.join(" ", add));
        }
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void importReportsBadLinesByNumberImportsTheRestAndIsIdempotent() throws Exception {
        identities();
        Path f = file("drafts.jsonl", String.join("\n",
                TestDrafts.jsonLine("a", "Hello Dana"),
                "{oops",
                TestDrafts.jsonLine("b", "Results guaranteed"),
                TestDrafts.jsonLine("c", "Hi").replace("linkedin\"", "sms\"")) + "\n");
        CliHarness.Run r = run("import", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":2: malformed JSON"), r.err());
        assertTrue(r.err().contains(f + ":4: channel: unknown channel 'sms'"), r.err());
        assertTrue(r.out().contains("2 imported, 0 already present, 2 rejected"), r.out());

        CliHarness.Run again = run("import", f.toString());
        assertTrue(again.out().contains("0 imported, 2 already present, 2 rejected"), again.out());

        CliHarness.Run queue = run("queue");
        assertEquals(0, queue.code());
        String[] rows = queue.out().strip().split("\n");
        assertEquals(2, rows.length);
        assertTrue(rows[0].startsWith("a\tlinkedin\tmaria.linkedin\tDana Whitfield\tNorthwind Pay\tallow"), rows[0]);
        assertTrue(rows[1].contains("\tblock\tUnverifiable promise"), rows[1]);
    }

    @Test
    void aLostSigningKeyIsReplacedOnlyWithAnotherReviewersEndorsement() throws Exception {
        identities();
        Path f = file("d.jsonl", TestDrafts.jsonLine("a", "Hello Dana") + "\n" + TestDrafts.jsonLine("b", "Hi Dana") + "\n"
                + TestDrafts.jsonLine("c", "Morning Dana") + "\n");
        assertEquals(0, run("import", f.toString()).code());
        assertEquals(0, run("review", "approve", "a", "--reviewer", "alice").code());
        assertEquals(0, run("review", "reject", "c", "--reviewer", "bob", "--reason", "later").code());
        try (var files = Files.list(dir.resolve("ws").resolve("reviewers"))) {
            for (Path k : files.toList()) {
                if (Files.readString(k).contains("\"alice\"")) {
                    Files.delete(k); // alice's laptop was wiped
                }
            }
        }
        Path pass = dir.resolve("passphrase.txt");
        Path fresh = file("new-passphrase.txt", "alice's new passphrase\n");
        CliHarness.Run refused = CliHarness.run(dir.resolve("ws"), "review", "key", "create", "--reviewer", "alice",
                "--passphrase-file", fresh.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("must be endorsed by another reviewer's key") && refused.err().contains("--endorsed-by NAME"),
                refused.err());
        CliHarness.Run made = CliHarness.run(dir.resolve("ws"), "review", "key", "create", "--reviewer", "alice",
                "--passphrase-file", fresh.toString(), "--endorsed-by", "bob", "--endorser-passphrase-file", pass.toString());
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("created for alice, endorsed by bob"), made.out());
        CliHarness.Run approved = CliHarness.run(dir.resolve("ws"), "review", "approve", "b", "--reviewer", "alice",
                "--passphrase-file", fresh.toString());
        assertEquals(0, approved.code(), approved.err());
        CliHarness.Run verify = run("audit", "verify");
        assertEquals(0, verify.code(), verify.out() + verify.err());
    }

    @Test
    void importOfAMissingFileIsBadInput() {
        CliHarness.Run r = run("import", dir.resolve("nope.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"));
    }

    @Test
    void policyCheckPrintsOneJsonLinePerDraftWithExactSpans() throws Exception {
        Path f = file("check.jsonl", TestDrafts.jsonLine("x", "Dana, results are guaranteed.") + "\n"
                + TestDrafts.jsonLine("y", "Hello Dana, worth a chat?") + "\n");
        CliHarness.Run r = run("policy", "check", f.toString());
        assertEquals(1, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode x = json.readTree(lines[0]);
        assertEquals("x", x.get("id").asText());
        assertEquals("block", x.get("decision").asText());
        JsonNode finding = x.get("findings").get(0);
        assertEquals("banned-claim", finding.get("rule").asText());
        assertEquals("block", finding.get("severity").asText());
        assertEquals(18, finding.get("start").asInt());
        assertEquals(28, finding.get("end").asInt());
        assertTrue(finding.get("fix").asText().startsWith("Remove"));
        JsonNode y = json.readTree(lines[1]);
        assertEquals("allow", y.get("decision").asText());
        assertEquals(0, y.get("findings").size());
        assertTrue(Files.notExists(dir.resolve("ws").resolve("countersign.mv.db")), "policy check must not create a database");
    }

    @Test
    void policyCheckReadsStandardInputAndReportsBadInput() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream((TestDrafts.jsonLine("ok", "Hello") + "\n{bad\n").getBytes(StandardCharsets.UTF_8)));
            CliHarness.Run r = run("policy", "check", "-");
            assertEquals(2, r.code());
            assertTrue(r.out().contains("\"id\":\"ok\",\"decision\":\"allow\""), r.out());
            assertTrue(r.err().contains("<stdin>:2: malformed JSON"), r.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void policyCheckWithABrokenPolicyFileNamesTheFile() throws Exception {
        Path policy = file("bad.yaml", "version: 1\nrules:\n  nope: {}\n");
        Path f = file("d.jsonl", TestDrafts.jsonLine("ok", "Hello") + "\n");
        CliHarness.Run r = run("policy", "check", "--policy", policy.toString(), f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(policy + ":3:3: rules.nope: unknown rule"), r.err());
    }

    @Test
    void auditVerifyCountsEntriesAndNamesTheFirstBrokenOne() throws Exception {
        Path f = file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n");
        run("import", f.toString());
        CliHarness.Run ok = run("audit", "verify");
        assertEquals(0, ok.code());
        assertEquals("OK 3 entries", ok.out().strip());

        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("ws").resolve("countersign"));
        ds.setUser("countersign");
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_entry_no_update");
            s.execute("UPDATE audit_entry SET line = REPLACE(line, 'Hello', 'Howdy') WHERE seq = 1");
        }
        CliHarness.Run broken = run("audit", "verify");
        assertEquals(1, broken.code());
        assertTrue(broken.err().startsWith("FAIL: entry 1: hash chain broken"), broken.err());

        CliHarness.Run log = run("audit", "log", "--draft", "a");
        assertEquals(2, log.out().strip().split("\n").length);
    }

    @Test
    void helpAndUsageErrors() {
        CliHarness.Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("import") && help.out().contains("policy") && help.out().contains("audit"));
        assertEquals(0, run("policy", "check", "--help").code());
        everyUsageRendersCleanly(Cli.commandLine(h -> {
            throw new AssertionError("no console");
        }));
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("queue", "--status", "maybe").code());
    }

    @Test
    void policyLintTestAndReplay() throws Exception {
        identities();
        Path policy = file("policy.yaml", new String(io.countersign.core.policy.loading.PolicyLoader.defaultPolicyBytes(), StandardCharsets.UTF_8));
        CliHarness.Run lint = run("policy", "lint", policy.toString());
        assertEquals(1, lint.code(), lint.err());
        assertTrue(lint.err().contains("rule email-footer is in observe mode"), lint.err());
        assertEquals(2, run("policy", "lint", file("bad.yaml", "version: 1\nrules: {nope: {}}\n").toString()).code());

        Path suite = Path.of("src/main/resources/examples/policy-suite.yaml");
        CliHarness.Run test = run("policy", "test", "--policy", policy.toString(), suite.toString());
        assertEquals(0, test.code(), test.out());
        assertTrue(test.out().strip().endsWith("60 passed, 0 failed"), test.out());

        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Dana, act now") + "\n"
                + TestDrafts.jsonLine("b", "Dana, hello") + "\n").toString());
        Path stricter = file("stricter.yaml", new String(io.countersign.core.policy.loading.PolicyLoader.defaultPolicyBytes(), StandardCharsets.UTF_8)
                .replace("version: 2", "version: 3")
                .replace("  - id: pressure\n    severity: require_approval", "  - id: pressure\n    severity: block"));
        CliHarness.Run replay = run("policy", "replay", "--policy", stricter.toString());
        assertEquals(0, replay.code(), replay.err());
        assertTrue(replay.out().startsWith("a\trequire_approval -> block"), replay.out());
        assertTrue(replay.out().contains("1 draft(s) would change"), replay.out());

        CliHarness.Run asDecided = run("policy", "replay", "--as-decided", "a");
        assertEquals(0, asDecided.code(), asDecided.out());
        assertTrue(asDecided.out().contains("draft.evaluated: recorded require_approval, replayed require_approval — reproduced"),
                asDecided.out());
        assertEquals(2, run("policy", "replay", "--as-decided", "missing").code());
        assertEquals(2, run("policy", "replay").code(), "one of --policy or --as-decided is required");
    }

    @Test
    void suppressionListFromCsvAndByHandBlocksOnEveryChannel() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Dana, hello") + "\n").toString());
        Path csv = file("dnc.csv", "kind,value,reason,source\n"
                + "email,DANA@northwind.example,unsubscribed,email-reply\n"
                + "fax,123,nope,manual\n"
                + "company,\"Northwind Pay, Inc.\",asked to stop,linkedin-message\n"
                + "domain,,empty,manual\n");
        CliHarness.Run imported = run("suppress", "import", csv.toString(), "--by", "ana");
        assertEquals(2, imported.code());
        assertTrue(imported.err().contains(csv + ":3: unknown kind 'fax'"), imported.err());
        assertTrue(imported.err().contains(csv + ":5: value is empty"), imported.err());
        assertTrue(imported.out().contains("2 added, 0 already listed, 2 rejected"), imported.out());
        CliHarness.Run queue = run("queue");
        assertTrue(queue.out().contains("\tblock\tLead is on the do-not-contact list: company northwind pay: asked to stop"),
                queue.out());
        CliHarness.Run add = run("suppress", "add", "--linkedin", "https://www.linkedin.com/in/dana/", "--reason", "replied STOP");
        assertEquals(0, add.code(), add.err());
        assertEquals("1 added, 0 already listed", add.out().strip());
        assertEquals(2, run("suppress", "add", "--reason", "x").code());
        CliHarness.Run list = run("suppress", "list");
        assertEquals(3, list.out().strip().split("\n").length);
        assertEquals(0, run("audit", "verify").code());
    }

    @Test
    void aReplyThatObjectsSuppressesItsSenderOnEveryChannel() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Dana, hello") + "\n"
                + TestDrafts.jsonLine("b", "Dana, another hello") + "\n").toString());
        Path replies = file("replies.jsonl", String.join("\n",
                "{\"id\":\"r1\",\"channel\":\"linkedin\",\"leadId\":\"L-a\",\"text\":\"Please stop messaging me.\"}",
                "{\"id\":\"r2\",\"channel\":\"email\",\"from\":\"sam@lumen.example\",\"text\":\"Sure, Tuesday works.\\n> Reply STOP to opt out\"}",
                "{\"channel\":\"email\",\"from\":\"Dana Whitfield\",\"text\":\"unsubscribe\"}",
                "{\"channel\":\"fax\",\"from\":\"x@y.example\",\"text\":\"stop\"}") + "\n");
        CliHarness.Run r = run("replies", "import", replies.toString(), "--by", "ana");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("r1 linkedin from lead L-a\tobjection \u201cPlease stop\u201d\tlead L-a"), r.out());
        assertTrue(r.out().contains("r2 email from sam@lumen.example\tno objection"), r.out());
        assertTrue(r.err().contains(replies + ":4: channel: expected email or linkedin"), r.err());
        assertTrue(r.err().contains("email from Dana Whitfield: objects (\u201cunsubscribe\u201d) but names no email, LinkedIn URL or lead id"),
                r.err());
        assertTrue(r.out().contains("3 replies: 2 objections; 1 do-not-contact entry added, 0 already listed; pending drafts re-checked"),
                r.out());
        CliHarness.Run queue = run("queue");
        assertTrue(queue.out().contains("\tblock\tLead is on the do-not-contact list: lead L-a: replied \u201cPlease stop messaging me.\u201d (linkedin-message)"),
                queue.out());
        CliHarness.Run list = run("suppress", "list");
        assertTrue(list.out().startsWith("lead\tL-a\treplied \u201cPlease stop messaging me.\u201d\tlinkedin-message\tana\t"), list.out());
        CliHarness.Run again = run("replies", "import", replies.toString());
        assertTrue(again.out().contains("0 do-not-contact entries added, 1 already listed"), again.out());
        assertEquals(0, run("audit", "verify").code());
    }

    private void sql(String... statements) throws Exception {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("ws").resolve("countersign"));
        ds.setUser("countersign");
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void aLogCutAtItsEndClosesTheWorkspaceForWritingUntilAnAdminAcknowledges() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n" + TestDrafts.jsonLine("b", "Hi") + "\n").toString());
        sql("DROP TRIGGER audit_entry_no_delete", "DELETE FROM audit_entry WHERE seq >= 3");

        // Detected when the workspace opens (the head is ahead of the tail): writes refuse, reads go on.
        CliHarness.Run write = run("import", file("e.jsonl", TestDrafts.jsonLine("c", "Hey") + "\n").toString());
        assertEquals(2, write.code());
        assertTrue(write.err().contains("the audit log does not verify (FAIL: entry 3: missing: the log was confirmed up to 5 entries "
                + "but only 3 remain"), write.err());
        assertTrue(write.err().contains("countersign audit acknowledge"), write.err());
        assertEquals(0, run("queue").code());
        assertTrue(run("audit", "verify").err().startsWith("FAIL: entry 3: missing"));
        // The refused write did not move the head: the evidence is still there.
        assertTrue(run("audit", "verify").err().startsWith("FAIL: entry 3: missing"));

        CliHarness.Run ack = run("audit", "acknowledge", "--reason", "restored from an older copy by IT", "--by", "ana");
        assertEquals(0, ack.code(), ack.err());
        assertTrue(ack.out().startsWith("acknowledged as entry #3: FAIL: entry 3: missing"), ack.out());
        assertEquals("OK 4 entries", run("audit", "verify").out().strip());
        String last = run("audit", "log", "--from", "3").out().strip();
        assertTrue(last.contains("\"type\":\"audit.acknowledged\"") && last.contains("\"actor\":{\"id\":\"ana\",\"kind\":\"human\"}")
                && last.contains("only 3 remain") && last.contains("restored from an older copy by IT"), last);
        assertEquals(0, run("import", dir.resolve("e.jsonl").toString()).code());
        assertEquals(1, run("audit", "acknowledge", "--reason", "again").code(), "nothing left to acknowledge");
    }

    @Test
    void anEditedEntryFoundByVerifyRefusesWritesAndAfterTheAcknowledgementTheRestIsStillChecked() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n").toString());
        sql("DROP TRIGGER audit_entry_no_update", "UPDATE audit_entry SET line = REPLACE(line, 'Hello', 'Howdy') WHERE seq = 1");
        assertEquals(0, run("import", file("e.jsonl", TestDrafts.jsonLine("b", "Hey") + "\n").toString()).code(),
                "not yet known: nothing checked the middle of the log");
        assertEquals(1, run("audit", "verify").code());
        CliHarness.Run refused = run("import", file("f.jsonl", TestDrafts.jsonLine("c", "Yo") + "\n").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("FAIL: entry 1: hash chain broken"), refused.err());

        assertEquals(0, run("audit", "acknowledge", "--reason", "test edit", "--by", "ana").code());
        CliHarness.Run after = run("audit", "verify");
        assertEquals(0, after.code(), after.err());
        assertTrue(after.out().startsWith("OK 6 entries (1 acknowledged finding passed over"), after.out());
        assertEquals(0, run("import", dir.resolve("f.jsonl").toString()).code());

        // A second edit further down is still found.
        sql("UPDATE audit_entry SET line = REPLACE(line, 'Yo', 'Ya') WHERE type = 'draft.imported' AND draft_id = 'c'");
        CliHarness.Run again = run("audit", "verify");
        assertTrue(again.err().startsWith("FAIL: entry 6: hash chain broken"), again.out() + again.err());
    }

    @Test
    void anAcknowledgementCoversExactlyTheRowItNamedAndNothingElse() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n" + TestDrafts.jsonLine("b", "Hi") + "\n").toString());
        sql("DROP TRIGGER audit_entry_no_update", "DROP TRIGGER audit_entry_no_delete",
                "UPDATE audit_entry SET line = REPLACE(line, 'Hello', 'Howdy') WHERE seq = 1");
        assertEquals(1, run("audit", "verify").code());
        assertEquals(0, run("audit", "acknowledge", "--reason", "test", "--by", "ana").code());
        assertEquals(0, run("audit", "verify").code());
        // The same row edited again is a new finding.
        sql("UPDATE audit_entry SET line = REPLACE(line, 'Howdy', 'Hiya') WHERE seq = 1");
        assertTrue(run("audit", "verify").err().startsWith("FAIL: entry 1:"));
        sql("UPDATE audit_entry SET line = REPLACE(line, 'Hiya', 'Howdy') WHERE seq = 1");
        assertEquals(0, run("audit", "verify").code(), "back to exactly the acknowledged row");
        // A row deleted before it is found, although the acknowledged row itself is unchanged.
        sql("DELETE FROM audit_entry WHERE seq = 0");
        assertTrue(run("audit", "verify").err().startsWith("FAIL: entry 0: missing"), run("audit", "verify").err());
    }

    @Test
    void aDeletedHeadFileIsAFindingToo() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n").toString());
        Files.delete(dir.resolve("ws").resolve("audit.head"));
        CliHarness.Run write = run("import", file("e.jsonl", TestDrafts.jsonLine("b", "Hi") + "\n").toString());
        assertEquals(2, write.code());
        assertTrue(write.err().contains("audit.head is missing although the log holds 3 entries"), write.err());
    }

    @Test
    void listingsEscapeWhatCouldForgeARowAndOfferJsonLines() throws Exception {
        String evil = TestDrafts.jsonLine("x", "Hi").replace("\"name\":\"Dana Whitfield\"", "\"name\":\"Dana\\tallow\\u202E\\\\\"")
                .replace("\"company\":\"Northwind Pay\"", "\"company\":\"Evil\\u0007Co\"");
        assertEquals(0, run("import", file("d.jsonl", evil + "\n").toString()).code());
        String row = run("queue").out();
        assertEquals(1, row.split("\n", -1).length - 1, row);
        assertEquals(7, row.replaceAll("\n$", "").split("\t", -1).length, row);
        assertTrue(row.contains("Dana\\tallow\\u202E\\\\\tEvil\\u0007Co\t"), row);
        JsonNode json = new ObjectMapper().readTree(run("queue", "--format", "jsonl").out());
        assertEquals("Dana\tallow\u202E\\", json.get("lead").asText());
        assertEquals("Evil\u0007Co", json.get("company").asText());
    }

    @Test
    void problemLinesCannotSteerTheTerminal() throws Exception {
        String line = TestDrafts.jsonLine("a", "Hi").replace("\"channel\":\"linkedin\"", "\"channel\":\"\\u001b]0;pwn\\u0007\"");
        CliHarness.Run r = run("import", file("esc.jsonl", line + "\n").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown channel '\\u001B]0;pwn\\u0007'"), r.err());
        assertFalse(r.err().chars().anyMatch(c -> c == 0x1b || c == 0x07), "raw escape characters reached the terminal");
        assertEquals(1, r.err().strip().split("\n").length, r.err()); // one problem, one line
    }

    @Test
    void readingCommandsWorkWhileThePolicyFileIsBroken() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n").toString());
        Files.writeString(dir.resolve("ws").resolve("policy.yaml"), "version: 3\nrules: [broken\n");
        assertEquals(0, run("audit", "verify").code());
        assertEquals(0, run("audit", "log").code());
        assertEquals(0, run("suppress", "list").code());
        CliHarness.Run queue = run("queue");
        assertEquals(0, queue.code());
        assertTrue(queue.out().startsWith("a\t"), queue.out());
        CliHarness.Run write = run("import", dir.resolve("d.jsonl").toString());
        assertEquals(2, write.code());
        assertTrue(write.err().contains("policy.yaml:2:"), write.err());
    }

    @Test
    void aMissingWordListSaysWhyAndCommandsThatDoNotEvaluateStillRun() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n").toString());
        Path policy = dir.resolve("ws").resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy).replaceFirst("    phrases:\n", "    phrases-file: banned.txt\n    phrases:\n"));
        CliHarness.Run write = run("import", dir.resolve("d.jsonl").toString());
        assertEquals(2, write.code());
        assertTrue(write.err().contains("cannot read word list " + dir.resolve("ws").resolve("banned.txt").toAbsolutePath()
                + ": not found"), write.err());
        assertEquals(0, run("audit", "verify").code());
    }

    @Test
    void anEmptyFileOrAHeaderAloneSaysSoAndExits2() throws Exception {
        for (Path f : new Path[]{file("empty.jsonl", ""), file("header.csv", "id,channel,identityId,lead.id,content,createdBy,createdAt\n"),
                file("blank.jsonl", "\n\n  \n")}) {
            CliHarness.Run r = run("import", f.toString());
            assertEquals(2, r.code(), f.toString());
            assertTrue(r.err().contains("no drafts found (the file is empty or holds only a CSV header)"), r.err());
        }
    }

    @Test
    void outputIsUtf8WhateverTheStreamsDefaultEncoding() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ascii = new java.io.PrintStream(bytes, true, StandardCharsets.US_ASCII); // as under LANG=C
        java.io.PrintWriter out = Launcher.utf8(ascii);
        out.println("Zoë \u202E 👋");
        out.flush();
        assertEquals("Zoë \u202E 👋" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandsLeaveNoStackTracesInTheTraceFile() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hello") + "\n").toString());
        run("queue");
        run("audit", "verify");
        assertFalse(Files.exists(dir.resolve("ws").resolve("countersign.trace.db")), "H2 wrote a trace file");
    }

    @Test
    void theLogIsExportedAsABundleThatVerifiesWithoutTheWorkspaceAndTamperingIsNamed() throws Exception {
        identities();
        Path drafts = file("d.jsonl", io.countersign.core.TestDrafts.jsonLine("d1", "Hi Dana, worth a chat?") + "\n"
                + io.countersign.core.TestDrafts.jsonLine("d2", "Hi Sam, worth a chat?") + "\n");
        assertEquals(0, run("import", drafts.toString()).code());
        CliHarness.Run cp = run("audit", "checkpoint", "--out", dir.resolve("early.checkpoint").toString());
        assertEquals(0, cp.code(), cp.err());
        String[] note = cp.out().split("\n");
        assertTrue(note[0].startsWith("countersign.local/") && note[1].matches("[1-9][0-9]*") && cp.out().contains("\n\n— "
                + note[0] + " "), cp.out());
        assertEquals(0, run("review", "approve", "d1", "--reviewer", "alice", "--acknowledge").code());
        Path bundle = dir.resolve("bundle");
        CliHarness.Run export = run("audit", "export", "--bundle", bundle.toString());
        assertEquals(0, export.code(), export.err());
        String vkey = java.nio.file.Files.readString(bundle.resolve("log.vkey")).strip();
        assertTrue(export.out().contains("log key: " + vkey), export.out());

        // An auditor with no workspace: the bundle, the key they were given, an earlier checkpoint.
        CliHarness.Run ok = CliHarness.run(dir.resolve("no-workspace-here"), "audit", "verify", bundle.toString(), "--key", vkey,
                "--consistency", dir.resolve("early.checkpoint").toString());
        assertEquals(0, ok.code(), ok.err());
        long size = java.nio.file.Files.readAllLines(bundle.resolve("entries.jsonl")).size();
        assertTrue(ok.out().startsWith("OK " + size + " entries root="), ok.out());
        assertFalse(java.nio.file.Files.exists(dir.resolve("no-workspace-here")), "verifying a bundle makes no workspace");
        assertTrue(CliHarness.run(dir.resolve("x"), "audit", "verify", bundle.toString()).err().contains("pin the key"));

        Path entries = bundle.resolve("entries.jsonl");
        java.nio.file.Files.writeString(entries, java.nio.file.Files.readString(entries).replace("\"alice\"", "\"mallory\""));
        CliHarness.Run bad = CliHarness.run(dir.resolve("x"), "audit", "verify", bundle.toString(), "--key", vkey);
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("FAIL: ") && bad.err().contains("tree root"), bad.err());

        CliHarness.Run prefix = run("audit", "export", "--bundle", dir.resolve("prefix").toString(), "--to", "2");
        assertEquals(0, prefix.code(), prefix.err());
        assertTrue(run("audit", "verify", dir.resolve("prefix").toString()).out().startsWith("OK 3 entries"));
        assertEquals(2, run("audit", "export", "--bundle", dir.resolve("prefix").toString()).code(), "never over another bundle");
        assertEquals(2, run("audit", "export", "--bundle", dir.resolve("far").toString(), "--to", "99999").code());

        CliHarness.Run prove = run("audit", "prove", "1");
        assertEquals(0, prove.code(), prove.err());
        String[] lines = prove.out().split("\n");
        java.util.HexFormat hex = java.util.HexFormat.of();
        byte[] leaf = hex.parseHex(lines[0].substring(lines[0].lastIndexOf(' ') + 1));
        java.util.List<byte[]> path = new java.util.ArrayList<>();
        int i = 1;
        for (; lines[i].startsWith("path "); i++) {
            path.add(hex.parseHex(lines[i].substring(5)));
        }
        long treeSize = Long.parseLong(lines[i + 1]);
        byte[] root = java.util.Base64.getDecoder().decode(lines[i + 2]);
        assertTrue(io.countersign.core.audit.merkle.MerkleTree.verifyInclusion(1, treeSize, leaf, path, root), prove.out());
    }

    @Test
    void anEditedPolicyArchiveFailsVerificationAndIsNeverUsedAsThePolicyThatWasInForce() throws Exception {
        identities();
        assertEquals(0, run("import", file("d.jsonl", io.countersign.core.TestDrafts.jsonLine("d1", "Hi Dana") + "\n").toString()).code());
        assertEquals(0, run("audit", "verify").code());
        Path kept;
        try (var dirs = java.nio.file.Files.list(dir.resolve("ws").resolve("policies"))) {
            kept = dirs.filter(java.nio.file.Files::isDirectory).findFirst().orElseThrow().resolve("policy.yaml");
        }
        java.nio.file.Files.writeString(kept, java.nio.file.Files.readString(kept) + "\n# relaxed later\n");
        CliHarness.Run v = run("audit", "verify");
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("FAIL: the copy of policy ") && v.err().contains("was changed: its files now hash to"), v.err());
        java.nio.file.Files.delete(kept);
        assertTrue(run("audit", "verify").err().contains("is missing from"));
    }

    @Test
    void doNotContactRowsDeletedOrAddedBesideTheLogFailVerification() throws Exception {
        assertEquals(0, run("suppress", "add", "--email", "dana@northwind.example", "--reason", "asked to stop").code());
        assertEquals(0, run("suppress", "add", "--domain", "lumen.example", "--reason", "legal").code());
        assertEquals(0, run("audit", "verify").code());
        sql("DROP TRIGGER suppression_no_delete", "DELETE FROM suppression WHERE \"VALUE\" = 'lumen.example'",
                "INSERT INTO suppression (kind, \"VALUE\", reason, source, added_by, added_at) VALUES "
                        + "('email', 'eve@rival.example', 'x', 'manual', 'mallory', '2026-12-01T00:00:00Z')");
        CliHarness.Run v = run("audit", "verify");
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("FAIL: the do-not-contact entry domain:lumen.example (added in entry "), v.err());
        assertTrue(v.err().contains("FAIL: the do-not-contact entry email:eve@rival.example is on the list, but the log does not"),
                v.err());
    }

    @Test
    void aDraftApprovedOrReassignedWithSqlBesideTheLogFailsVerification() throws Exception {
        identities();
        assertEquals(0, run("import", file("d.jsonl", TestDrafts.jsonLine("d1", "Hi Dana") + "\n"
                + TestDrafts.jsonLine("d2", "Hi Sam") + "\n").toString()).code());
        assertEquals(0, run("review", "approve", "d1", "--reviewer", "alice", "--acknowledge").code());
        assertEquals(0, run("audit", "verify").code());
        sql("UPDATE draft SET status = 'APPROVED', decided_by = 'bob' WHERE id = 'd2'",
                "UPDATE draft SET body = 'Hi Dana, we guarantee results' WHERE id = 'd1'");
        CliHarness.Run v = run("audit", "verify");
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("FAIL: draft d2 is approved in the queue, but its latest decision in the log (entry "), v.err());
        assertTrue(v.err().contains("FAIL: draft d1's text is not the text approved in entry "), v.err());
    }

    @Test
    void signInNamesWhatIsWrongAndSaysWhenTheBrowserDidNotComeBack() {
        assertEquals(0, run("identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example",
                "--transport", "smtps://smtp.acme.example").code());
        assertEquals(0, run("identities", "add", "maria.li", "--channel", "linkedin", "--from",
                "https://www.linkedin.com/in/maria-lopez", "--transport", "linkedin-assisted").code());
        CliHarness.Run unknown = run("identities", "sign-in", "maria.email", "--provider", "yahoo", "--client-id", "c");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--provider: unknown provider 'yahoo'"), unknown.err());
        CliHarness.Run notSmtp = run("identities", "sign-in", "maria.li", "--provider", "google", "--client-id", "c");
        assertEquals(2, notSmtp.code());
        assertTrue(notSmtp.err().contains("signing in with OAuth is for SMTP mailboxes"), notSmtp.err());
        CliHarness.Run nobody = run("identities", "sign-in", "nobody", "--provider", "google", "--client-id", "c");
        assertEquals(2, nobody.code());
        assertTrue(nobody.err().contains("no identity 'nobody'"), nobody.err());
        CliHarness.Run badWait = run("identities", "sign-in", "maria.email", "--provider", "google", "--client-id", "c",
                "--timeout", "soon");
        assertEquals(2, badWait.code());
        assertTrue(badWait.err().contains("--timeout: 'soon' is not a duration"), badWait.err());

        CliHarness.Run late = run("identities", "sign-in", "maria.email", "--provider", "microsoft", "--client-id", "c",
                "--timeout", "1s");
        assertEquals(1, late.code(), late.err());
        assertTrue(late.out().contains("Open this address in a browser")
                && late.out().contains("https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?"), late.out());
        assertTrue(late.err().contains("the browser did not come back within 1 s"), late.err());
        assertFalse(run("audit", "log").out().contains("identity.edited"), "nothing changed");
    }

    @Test
    void identitiesAreAddedPausedAndResumedWithTheirAuditTrail() throws Exception {
        CliHarness.Run add = run("identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example",
                "--transport", "smtps://smtp.acme.example", "--name", "Maria Lopez", "--timezone", "Europe/Berlin",
                "--daily-limit", "40", "--warmup", "10:5", "--by", "ana");
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().contains("via smtps://smtp.acme.example:465, Mon–Fri 08:00–18:00 Europe/Berlin, at most 40/day"), add.out());
        assertEquals(0, run("identities", "add", "maria.li", "--channel", "linkedin", "--from",
                "https://www.linkedin.com/in/maria-lopez", "--transport", "linkedin-assisted", "--days", "mon,wed,fri",
                "--window", "09:00-17:30", "--min-gap", "2m", "--timezone", "America/New_York").code());

        // Each bad option is named.
        String[][] bad = {
                {"x", "--channel", "fax", "--from", "a@b.example"}, {"x", "--channel", "email", "--from", "not-an-address"},
                {"x", "--channel", "linkedin", "--from", "https://www.linkedin.com/in/x", "--transport", "smtp://h:25"},
                {"x", "--channel", "email", "--from", "a@b.example", "--transport", "smtp://"},
                {"x", "--channel", "email", "--from", "a@b.example", "--timezone", "Mars/Olympus"},
                {"x", "--channel", "email", "--from", "a@b.example", "--window", "18:00-08:00"},
                {"x", "--channel", "email", "--from", "a@b.example", "--days", "funday"},
                {"x", "--channel", "email", "--from", "a@b.example", "--warmup", "ten"},
                {"x y", "--channel", "email", "--from", "a@b.example"},
                {"maria.email", "--channel", "email", "--from", "a@b.example"}};
        String[] named = {"--channel", "--from", "--transport", "--transport", "--timezone", "--window", "--days", "--warmup", "ID", "already exists"};
        for (int k = 0; k < bad.length; k++) {
            String[] args = new String[bad[k].length + 2];
            args[0] = "identities";
            args[1] = "add";
            System.arraycopy(bad[k], 0, args, 2, bad[k].length);
            CliHarness.Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", bad[k]));
            assertTrue(r.err().contains(named[k]), String.join(" ", bad[k]) + " -> " + r.err());
        }

        assertEquals(0, run("identities", "pause", "maria.email", "--reason", "bounces spiking", "--by", "ana").code());
        assertEquals(2, run("identities", "pause", "maria.email", "--reason", "again").code(), "already paused");
        assertEquals(2, run("identities", "pause", "nobody", "--reason", "x").code());
        String list = run("identities", "list").out();
        assertTrue(list.contains("maria.email\temail\tmaria@acme.example\tsmtps://smtp.acme.example:465\tMon–Fri 08:00–18:00 "
                + "Europe/Berlin\t40\t0/10 on "), list); // first warm-up day: 10 of the 40
        assertTrue(list.contains("\t90\t10:5\tpaused\tbounces spiking\tana"), list);
        assertTrue(list.contains("maria.li\tlinkedin\thttps://www.linkedin.com/in/maria-lopez\tlinkedin-assisted\t"
                + "Mon,Wed,Fri 09:00–17:30 America/New_York\t50\t0/50 on "), list);
        assertTrue(list.contains("\t120\t\tactive"), list);
        assertEquals(0, run("identities", "resume", "maria.email", "--by", "ana").code());
        assertEquals(2, run("identities", "resume", "maria.email").code(), "not paused");
        JsonNode json = new ObjectMapper().readTree(run("identities", "list", "--format", "jsonl").out().split("\n")[0]);
        assertEquals("active", json.get("state").asText());

        String log = run("audit", "log").out();
        assertTrue(log.contains("\"type\":\"identity.added\"") && log.contains("\"transport\":\"smtps://smtp.acme.example:465\"")
                && log.contains("\"type\":\"identity.paused\"") && log.contains("\"reason\":\"bounces spiking\"")
                && log.contains("\"type\":\"identity.resumed\""), log);
        assertEquals(0, run("audit", "verify").code());
    }

    @Test
    void draftsAreApprovedAndRejectedFromTheCommandLineWithReasonsForEveryRefusal() throws Exception {
        identities();
        String lines = String.join("\n",
                TestDrafts.jsonLine("ok-1", "Hi Dana, would love to connect."),
                TestDrafts.jsonLine("ok-2", "Hi Dana, quick question about onboarding."),
                TestDrafts.jsonLine("blocked", "Hi Dana, results are guaranteed."),
                TestDrafts.jsonLine("ack", "Hi Dana, this is the last chance to join.")) + "\n";
        run("import", file("d.jsonl", lines).toString());
        CliHarness.Run r = run("review", "approve", "ok-1", "blocked", "ack", "--reviewer", "ana");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("1 approved as ana, 2 refused"), r.out());
        assertTrue(r.err().contains("not approved: blocked: Cannot approve:"), r.err());
        assertTrue(r.err().contains("not approved: ack: Approval needs an explicit acknowledgement of:"), r.err());
        assertEquals(0, run("review", "approve", "ack", "--acknowledge", "--reviewer", "ana").code());
        CliHarness.Run rej = run("review", "reject", "blocked", "ok-1", "--reason", "Unprovable claim", "--reviewer", "ana");
        assertEquals(1, rej.code());
        assertTrue(rej.out().startsWith("1 rejected as ana, 1 refused"), rej.out());
        assertTrue(rej.err().contains("not rejected: ok-1: Draft ok-1 is already approved by ana"), rej.err());
        assertEquals(2, run("review", "approve").code());
        assertEquals(2, run("review", "approve", "ok-2", "--all").code());
        assertEquals(2, run("review", "approve", "ok-2", "--campaign", "x").code());

        String log = run("audit", "log", "--draft", "ack").out();
        assertTrue(log.contains("\"type\":\"draft.approved\"") && log.contains("\"approvedBy\":\"ana\"")
                && log.contains("\"acknowledged\":["), log);
        assertEquals("PENDING", run("queue").out().contains("ok-2") ? "PENDING" : "gone");
    }

    @Test
    void credentialsAreStoredEncryptedAndNeverShown() throws Exception {
        String secret = "s3cr3t-Passw0rd-\u00e9\u00df";
        Path pw = file("pw.txt", secret + "\n");
        CliHarness.Run add = run("identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example",
                "--transport", "smtp://smtp.acme.example:587", "--password-file", pw.toString());
        assertEquals(0, add.code(), add.err());
        assertFalse(add.out().contains(secret) || add.err().contains(secret));
        String list = run("identities", "list").out();
        assertTrue(list.strip().endsWith("\tstored"), list);
        assertFalse(list.contains(secret));
        assertTrue(run("audit", "log").out().contains("\"credentials\":\"stored encrypted\""));

        // Nowhere in the workspace, in any file, in plain text (UTF-8 or UTF-16).
        Path ws = dir.resolve("ws");
        try (var files = Files.walk(ws)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)), f.toString());
                assertFalse(bytes.contains(new String(secret.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1)), f.toString());
            }
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(ws.resolve("credential.key"))));
        }
        try (var app = io.countersign.app.Countersign.openForReading(ws, java.time.Clock.systemUTC())) {
            assertEquals(secret, new String(app.workspace().credentials().get("maria.email").orElseThrow()));
        }
        // A changed ciphertext is refused, naming the file, not decrypted into garbage.
        Path enc = ws.resolve("credentials.enc");
        String text = Files.readString(enc);
        int colon = text.indexOf(':', text.indexOf("maria.email"));
        char c = text.charAt(colon + 5);
        Files.writeString(enc, text.substring(0, colon + 5) + (c == 'A' ? 'B' : 'A') + text.substring(colon + 6));
        try (var app = io.countersign.app.Countersign.openForReading(ws, java.time.Clock.systemUTC())) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> app.workspace().credentials().get("maria.email"));
            assertTrue(e.getMessage().contains("credentials.enc") && e.getMessage().contains("cannot be decrypted"), e.getMessage());
            assertFalse(e.getMessage().contains(secret));
        }
        assertEquals(2, run("identities", "add", "x", "--channel", "email", "--from", "a@b.example", "--password-file",
                dir.resolve("missing.txt").toString()).code());
        assertEquals(2, run("identities", "add", "y", "--channel", "email", "--from", "a@b.example", "--password-env",
                "COUNTERSIGN_TEST_SURELY_UNSET").code());
    }

    @Test
    void approvedDraftsAreSentFromTheCommandLineAndTheAuditLogSaysWhichAccountSentThemAndHowMany() throws Exception {
        assertEquals(0, run("identities", "add", "maria.linkedin", "--channel", "linkedin", "--from",
                "https://www.linkedin.com/in/maria", "--window", "00:00-23:59", "--days", "mon-sun", "--min-gap", "0s",
                "--timezone", "UTC").code());
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hi Dana, would love to connect.")
                .replace("\"company\":\"Northwind Pay\"}", "\"company\":\"Northwind Pay\",\"profileUrl\":\"https://www.linkedin.com/in/dana\"}") + "\n"
                + TestDrafts.jsonLine("b", "Hi Sam, quick one about onboarding.").replace("Dana Whitfield", "Sam Okafor")
                .replace("\"company\":\"Northwind Pay\"}", "\"company\":\"Lumen\",\"profileUrl\":\"https://www.linkedin.com/in/sam\"}")
                + "\n"
                + TestDrafts.jsonLine("c", "Hi Kim, hello.").replace("Dana Whitfield", "Kim Lee") + "\n").toString());
        assertEquals("undo window 0 s; company daily cap none", run("sending", "settings", "--undo-seconds", "0").out().strip());
        assertEquals(2, run("sending", "settings", "--undo-seconds", "-1").code());
        assertEquals(0, run("review", "approve", "a", "b", "c", "--reviewer", "ana").code());
        assertEquals(0, run("sending", "pause-all", "--reason", "checking copy", "--reviewer", "ops").code());
        CliHarness.Run paused = run("send");
        assertTrue(paused.err().contains("refused: c: lead L-c has no LinkedIn profile URL"), paused.err());
        assertEquals(1, paused.code(), "a refusal is a failure the exit code reports");
        assertTrue(paused.out().contains("sent 0"), paused.out());
        assertTrue(paused.err().contains("sending is paused for the whole workspace: checking copy (by ops)"), paused.err());
        assertEquals("sending resumed", run("sending", "resume-all").out().strip());

        CliHarness.Run send = run("send");
        assertEquals(0, send.code(), send.err());
        assertTrue(send.out().startsWith("scheduled 0, sent 2, failed 0, retrying 0, unknown 0; waiting 0"), send.out());
        assertTrue(run("outbox", "--state", "failed").out().contains("\tfailed\tc\t"), "the refusal stays visible");
        String outbox = run("outbox", "--state", "sent").out();
        assertEquals(2, outbox.strip().split("\n").length, outbox);
        assertTrue(outbox.contains("\tsent\ta\tmaria.linkedin\t"), outbox);
        assertEquals(2, run("outbox", "cancel", outbox.split("\t")[0]).code(), "a sent message cannot be withdrawn");
        assertEquals(2, run("outbox", "--state", "nope").code());
        CliHarness.Run sent = run("audit", "sent", "--identity", "maria.linkedin", "--day",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertTrue(sent.err().contains("maria.linkedin: 2 sent on "), sent.err());
        assertTrue(sent.out().contains("\tmaria.linkedin\thttps://www.linkedin.com/in/maria\t"), sent.out());
        assertTrue(sent.out().contains("\tana\tsandbox\tsandbox"), sent.out());
        assertTrue(run("identities", "list").out().contains("\t2/50 on "), run("identities", "list").out());
        try (var files = Files.walk(dir.resolve("ws").resolve("sandbox"))) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".eml")).count());
        }
        assertEquals(2, run("audit", "sent", "--day", "yesterday").code());

        // An identity removed while a message of it is scheduled: the message waits, naming it.
        run("import", file("e.jsonl", TestDrafts.jsonLine("d", "Hi Ola, hello there.").replace("Dana Whitfield", "Ola Berg")
                .replace("\"company\":\"Northwind Pay\"}", "\"company\":\"Fjord\",\"profileUrl\":\"https://www.linkedin.com/in/ola\"}")
                + "\n").toString());
        assertEquals(0, run("review", "approve", "d", "--reviewer", "ana").code());
        CliHarness.Run removed = run("identities", "remove", "maria.linkedin", "--reason", "account closed", "--by", "ana");
        assertEquals(0, removed.code(), removed.err());
        assertTrue(run("audit", "log").out().contains("\"reason\":\"account closed\""));
        run("send");
        String waiting = run("outbox", "--state", "scheduled").out();
        assertTrue(waiting.contains("identity maria.linkedin no longer exists: add it again (identities add) or cancel the message"),
                waiting);
        assertEquals(2, run("identities", "remove", "maria.linkedin", "--reason", "again").code());
    }

    @Test
    void anIdentityIsEditedInPlaceWithEachChangeAudited() throws Exception {
        assertEquals(0, run("identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example",
                "--timezone", "Europe/Berlin").code());
        CliHarness.Run edit = run("identities", "edit", "maria.email", "--daily-limit", "30", "--window", "09:00-17:00",
                "--name", "Maria López", "--by", "ana");
        assertEquals(0, edit.code(), edit.err());
        assertTrue(edit.out().contains("at most 30/day"), edit.out());
        assertTrue(edit.err().contains("dailyLimit: 50 → 30") && edit.err().contains("window: 08:00-18:00 → 09:00-17:00"), edit.err());
        JsonNode event = new ObjectMapper().readTree(run("audit", "log").out().strip().lines().reduce((x, y) -> y).orElseThrow());
        assertEquals("identity.edited", event.get("type").asText());
        assertEquals("50 → 30", event.get("changed.dailyLimit").asText());
        assertEquals("ana", event.get("actor").get("id").asText());
        assertTrue(run("identities", "list").out().contains("Mon–Fri 09:00–17:00 Europe/Berlin\t30\t"));
        assertEquals(2, run("identities", "edit", "maria.email", "--daily-limit", "30").code(), "nothing to change");
        assertEquals(2, run("identities", "edit", "nobody", "--daily-limit", "3").code());
        assertEquals(2, run("identities", "edit", "maria.email", "--from", "not an address").code());
        assertEquals(2, run("identities", "edit", "maria.email", "--channel", "linkedin").code(), "a channel does not change");
    }

    @Test
    void aDraftNamingAnUnknownIdentityOrOneOfAnotherChannelIsBlockedUntilTheIdentityIsAdded() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hi Dana, would love to connect.") + "\n"
                + TestDrafts.jsonLine("b", "Hi Dana, would love to connect too.").replace("maria.linkedin", "maria.email")
                + "\n").toString());
        String queue = run("queue").out();
        assertTrue(queue.contains("a\tlinkedin\tmaria.linkedin\tDana Whitfield\tNorthwind Pay\tblock\tUnknown sending identity "
                + "maria.linkedin: this workspace has no such mailbox or LinkedIn account"), queue);
        CliHarness.Run add = run("identities", "add", "maria.linkedin", "--channel", "linkedin", "--from",
                "https://www.linkedin.com/in/maria");
        assertEquals(0, add.code(), add.err());
        assertTrue(add.err().contains("pending drafts re-checked: 1 decision changed"), add.err());
        assertTrue(run("queue").out().contains("a\tlinkedin\tmaria.linkedin\tDana Whitfield\tNorthwind Pay\tallow"));
        assertEquals(0, run("identities", "add", "maria.email", "--channel", "email", "--from", "maria@acme.example").code());
        assertTrue(run("queue").out().contains("\tblock\tSending identity maria.email is for the email channel; this draft is for linkedin"),
                run("queue").out());
        // Without a workspace nothing is known about identities, so policy check of a file does not flag them.
        CliHarness.Run check = run("policy", "check", file("c.jsonl", TestDrafts.jsonLine("c", "Hi Dana, would love to connect.")
                .replace("maria.linkedin", "nobody.linkedin") + "\n").toString());
        assertFalse(check.out().contains("Unknown sending identity"), check.out());
    }

    @Test
    void aPausedIdentitysDraftsAreBlockedUntilItIsResumedAndReplayAsTheyStood() throws Exception {
        run("import", file("d.jsonl", TestDrafts.jsonLine("a", "Hi Dana, would love to connect.") + "\n").toString());
        assertEquals(0, run("identities", "add", "maria.linkedin", "--channel", "linkedin", "--from",
                "https://www.linkedin.com/in/maria-lopez").code());
        assertTrue(run("queue").out().contains("\tallow\t"));
        CliHarness.Run pause = run("identities", "pause", "maria.linkedin", "--reason", "account under review", "--by", "ana");
        assertEquals(0, pause.code(), pause.err());
        assertTrue(pause.err().contains("1 decision changed"), pause.err());
        String blocked = run("queue").out();
        assertTrue(blocked.contains("\tblock\tSending identity maria.linkedin is paused: account under review (by ana)"), blocked);
        CliHarness.Run refused = run("review", "approve", "a", "--reviewer", "ana");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("is paused"), refused.err());
        assertEquals(0, run("identities", "resume", "maria.linkedin").code());
        assertTrue(run("queue").out().contains("\tallow\t"));
        // Every recorded decision (allow, block while paused, allow again) replays as it was made.
        CliHarness.Run replay = run("policy", "replay", "--as-decided", "a");
        assertEquals(0, replay.code(), replay.out() + replay.err());
    }

    /** picocli prints a warning (to System.err, not the command's writer) when a help text holds a stray '%'. */
    private static void everyUsageRendersCleanly(picocli.CommandLine cl) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String usage = cl.getUsageMessage();
            assertFalse(usage.isBlank(), cl.getCommandName());
            cl.getSubcommands().values().forEach(CliTest::everyUsageRendersCleanly);
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "help of " + cl.getCommandSpec().qualifiedName());
    }
}
