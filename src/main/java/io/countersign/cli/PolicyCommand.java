package io.countersign.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.app.Countersign;
import io.countersign.core.draft.Draft;
import io.countersign.core.importing.DraftFileReader;
import io.countersign.core.work.OrderedPipeline;
import io.countersign.core.importing.ImportProblem;
import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyException;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.loading.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with the outreach policy.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Lint.class, PolicyCommand.Test.class, PolicyReplayCommand.class})
final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The workspace policy file, or the one named with --policy. */
    static Path policyPath(CommandSpec spec, Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        RootCommand root = (RootCommand) spec.root().userObject();
        return Countersign.resolveHome(root.home()).resolve(Countersign.POLICY_FILE);
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Validate a policy file and warn about likely mistakes (duplicate phrases, rules left in observe mode)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid, no warnings", "1:valid, with warnings", "2:invalid (errors name file:line:column)"})
    static final class Lint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "POLICY.yaml", arity = "0..1", description = "Policy file (default: the workspace's policy.yaml).")
        Path file;

        @Override
        public Integer call() throws IOException {
            Path path = policyPath(spec, file);
            if (!Files.isRegularFile(path)) {
                spec.commandLine().getErr().println("countersign policy lint: " + path + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            try {
                Policy p = PolicyLoader.load(path);
                List<String> warnings = io.countersign.core.policy.loading.PolicyLint.lint(Files.readAllBytes(path), path.toString(),
                        path.toAbsolutePath().getParent());
                warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w));
                spec.commandLine().getOut().println((warnings.isEmpty() ? "OK " : "OK with " + warnings.size() + " warning(s) ")
                        + path + ": policy " + p.version() + ", " + p.rules().size() + " rules, "
                        + p.overrides().size() + " overrides");
                return warnings.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            } catch (PolicyException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run a suite of example messages against a policy and compare decisions and rules.",
                    "A suite ships in src/main/resources/examples/policy-suite.yaml."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every case passed", "1:some cases failed", "2:bad suite or policy"})
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SUITE.yaml", description = "Suite file.")
        Path suite;

        @Option(names = "--policy", paramLabel = "POLICY.yaml", description = "Policy file (default: the workspace's policy.yaml, else the built-in default).")
        Path policyFile;

        @Option(names = {"-v", "--verbose"}, description = "Also list passing cases.")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            try {
                Path path = policyPath(spec, policyFile);
                Policy policy = policyFile == null && !Files.exists(path) ? PolicyLoader.loadDefault() : PolicyLoader.load(path);
                if (!Files.isRegularFile(suite)) {
                    spec.commandLine().getErr().println("countersign policy test: " + suite + ": no such file");
                    return ExitCodes.BAD_INPUT;
                }
                var results = io.countersign.core.policy.suite.PolicySuite.parse(Files.readAllBytes(suite), suite.toString()).run(policy);
                int failed = 0;
                for (var r : results) {
                    if (!r.passed()) {
                        failed++;
                        spec.commandLine().getOut().println("FAIL " + r.testCase().name() + ": " + String.join("; ", r.problems()));
                    } else if (verbose) {
                        spec.commandLine().getOut().println("PASS " + r.testCase().name());
                    }
                }
                spec.commandLine().getOut().println((results.size() - failed) + " passed, " + failed + " failed");
                return failed == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            } catch (PolicyException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Evaluate drafts without importing them.",
                    "Prints one JSON line per draft: id, decision on the draft as written (allow, block,",
                    "require_approval), reasons and findings (rule, severity, field, start, end, message, fix).",
                    "Spans are UTF-16 code-unit offsets into the field, end exclusive.",
                    "Reads the workspace policy file; does not open or lock the workspace database, so the",
                    "do-not-contact list and contact history are not consulted (import does consult them)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:no draft is blocked", "1:at least one draft is blocked",
                    "2:bad input (records reported on stderr with their line) or an invalid policy"})
    static final class Check implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE|-", description = "Drafts file (JSONL or CSV), or - for standard input.")
        String file;

        @Option(names = "--policy", paramLabel = "POLICY.yaml", description = "Policy file (default: the workspace's policy.yaml).")
        Path policyFile;

        @Option(names = "--format", description = "jsonl or csv (default: from the file name, else the content).")
        DraftFileReader.Format format;

        @Override
        public Integer call() throws IOException {
            Policy policy;
            try {
                policy = loadPolicy();
            } catch (PolicyException e) {
                spec.commandLine().getErr().println("countersign policy check: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            String source = file.equals("-") ? "<stdin>" : file;
            InputStream in;
            DraftFileReader.Format f = format;
            if (file.equals("-")) {
                java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(System.in, 1 << 16);
                if (f == null) {
                    buffered.mark(4096);
                    byte[] head = buffered.readNBytes(4096);
                    buffered.reset();
                    f = DraftFileReader.Format.detect(source, head);
                }
                in = buffered;
            } else {
                Path path = Path.of(file);
                if (!Files.isRegularFile(path)) {
                    spec.commandLine().getErr().println("countersign policy check: " + file + ": no such file");
                    return ExitCodes.BAD_INPUT;
                }
                if (f == null) {
                    try (InputStream head = Files.newInputStream(path)) {
                        f = DraftFileReader.Format.detect(source, head.readNBytes(4096));
                    }
                }
                in = Files.newInputStream(path);
            }
            // Streams: drafts are read in batches, evaluated on all cores and printed in input order as
            // each batch is done, so output starts before the input ends and memory stays flat.
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter err = spec.commandLine().getErr();
            boolean[] blocked = {false};
            int[] problems = {0};
            Policy p = policy;
            try (in; OrderedPipeline<List<Draft>, Checked> pipeline = new OrderedPipeline<>(batch -> {
                StringBuilder sb = new StringBuilder(batch.size() * 256);
                boolean anyBlocked = false;
                for (Draft d : batch) {
                    PolicyDecision decision = p.evaluate(PolicyInput.original(d));
                    anyBlocked |= decision.decision() == Decision.BLOCK;
                    sb.append(toJsonUnchecked(d.id(), decision)).append('\n');
                }
                return new Checked(sb.toString(), anyBlocked);
            }, checked -> {
                blocked[0] |= checked.anyBlocked();
                out.print(checked.lines());
                out.flush();
            })) {
                List<Draft>[] batch = new List[]{new ArrayList<>(BATCH)};
                DraftFileReader.read(source, in, f, new DraftFileReader.Sink() {
                    @Override
                    public void draft(long line, Draft draft) {
                        batch[0].add(draft);
                        if (batch[0].size() == BATCH) {
                            pipeline.submit(batch[0]);
                            batch[0] = new ArrayList<>(BATCH);
                        }
                    }

                    @Override
                    public void problem(ImportProblem problem) {
                        problems[0]++;
                        err.println(problem);
                    }
                });
                if (!batch[0].isEmpty()) {
                    pipeline.submit(batch[0]);
                }
                pipeline.finish();
            }
            out.flush();
            err.flush();
            if (problems[0] > 0) {
                return ExitCodes.BAD_INPUT;
            }
            return blocked[0] ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
        }

        private static final int BATCH = 512;

        /** One batch's output lines, in input order, and whether any of its drafts is blocked. */
        private record Checked(String lines, boolean anyBlocked) {
        }

        private static String toJsonUnchecked(String id, PolicyDecision decision) {
            try {
                return toJson(id, decision);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private Policy loadPolicy() throws PolicyException {
            Path path = policyPath(spec, policyFile);
            return policyFile == null && !Files.exists(path) ? PolicyLoader.loadDefault() : PolicyLoader.load(path);
        }

        static String toJson(String id, PolicyDecision decision) throws JsonProcessingException {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", id);
            line.put("decision", decision.decision().wireName());
            line.put("reasons", decision.reasons());
            List<Map<String, Object>> findings = new ArrayList<>();
            for (Finding f : decision.findings()) {
                Map<String, Object> m = io.countersign.core.review.DraftEvents.findingMap(f);
                m.put("fix", f.fixSummary());
                if (f.observed()) {
                    m.put("observe", true);
                }
                findings.add(m);
            }
            line.put("findings", findings);
            line.put("policyVersion", decision.policyVersion());
            return JSON.writeValueAsString(line);
        }
    }
}
