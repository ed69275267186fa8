package io.countersign.bench;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.Claim;
import io.countersign.core.draft.Draft;
import io.countersign.core.draft.Lead;
import io.countersign.core.draft.Research;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyDecision;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.policy.loading.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy engine's speed targets (one core): full evaluation of a 600-byte draft against 10,000
 * banned phrases plus every rule of the default policy; loading a 10,000-phrase policy; re-checking
 * a 2 KB draft after each keystroke. Run with {@code mvn -q -Pbench verify} (see README).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class PolicyBenchmark {

    private static final String[] WORDS = ("pipeline revenue meetings growth outbound prospect quota ramp coaching forecast "
            + "territory enablement playbook cadence sequence reply booking demo pilot contract renewal expansion churn "
            + "onboarding adoption retention margin discount pricing upgrade bundle license seat integration workflow "
            + "automation insight signal intent account persona segment vertical channel partner reseller").split(" ");

    private static final String[] FIRST = {"Dana", "Sam", "Ana", "Kenji", "Fatima", "Liam", "Zoë", "Priya"};
    private static final String[] COMPANY = {"Northwind Pay", "Lumen Analytics", "Brightpath Health", "Kumo Logistics",
        "Qanat Cloud", "Harbor Freight Tech", "Fjord Security", "Tandem Payroll"};

    byte[] policyBytes;
    Policy policy;
    PolicyInput draft600;
    /**
     * Distinct drafts (lead, company, claims, text; 600 to 611 bytes of UTF-8, one in eight with a
     * non-ASCII name), so no per-draft cache can flatter the throughput.
     */
    Draft[] drafts600;
    int next;
    Draft draft2k;
    String body2k;
    int keystroke;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        policyBytes = policyWith(10_000);
        policy = PolicyLoader.parse(policyBytes, "bench.yaml");
        String body = ("Hi Dana, saw that Northwind Pay closed its Series B in September and is hiring four SDRs. "
                + "Teams in that spot often find the first quarter of ramp decides the year. We help sales leaders "
                + "review every AI-written message before it goes out, so reps move fast without brand risk. One "
                + "fintech team booked 3x more meetings after tightening their review (case study: "
                + "https://countersign.example/case). Would a short call next week be useful? If not, no worries at "
                + "all, and congrats again on the round. Happy to share how a 40-person team set this up in a week. "
                + "Best, Maria from Countersign, the review console.");
        draft600 = new PolicyInput(draft(body), "", body);
        drafts600 = new Draft[64];
        for (int i = 0; i < drafts600.length; i++) {
            String first = FIRST[i % FIRST.length];
            String company = COMPANY[(i / FIRST.length) % COMPANY.length];
            String text = body.replace("Dana", first).replace("Northwind Pay", company)
                    .replace("3x", (2 + i % 5) + "x");
            drafts600[i] = new Draft("bench-" + i, Channel.LINKEDIN, "maria.linkedin",
                    new Lead("lead-" + i, first + " Whitfield", null, "https://www.linkedin.com/in/lead-" + i, company),
                    null, text, List.of(new Claim("metric", (2 + i % 5) + "x more meetings", "https://countersign.example/case/" + i)),
                    new Research("Series B", "ramp"), "p1", "q4", "li-note-v2", "sales", "agent-7",
                    Instant.parse("2026-11-25T09:00:00Z"), Map.of());
        }
        body2k = body.repeat(4).substring(0, 2048);
        draft2k = draft(body2k);
    }

    static Draft draft(String body) {
        return new Draft("bench-1", Channel.LINKEDIN, "maria.linkedin",
                new Lead("lead-1", "Dana Whitfield", "dana@northwindpay.example", "https://www.linkedin.com/in/dana", "Northwind Pay"),
                null, body, List.of(new Claim("metric", "3x more meetings", "https://countersign.example/case")),
                new Research("Series B", "ramp"), "p1", "q4", "li-note-v2", "sales", "agent-7",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of());
    }

    /** The default policy with a banned list of {@code n} realistic two- and three-word phrases. */
    static byte[] policyWith(int n) {
        String base = new String(PolicyLoader.defaultPolicyBytes(), StandardCharsets.UTF_8);
        StringBuilder list = new StringBuilder("  - id: bench-banned\n    severity: block\n    message: Banned\n    phrases:\n");
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            list.append("      - ").append(WORDS[random.nextInt(WORDS.length)]).append(' ')
                    .append(WORDS[random.nextInt(WORDS.length)]).append(i % 3 == 0 ? " " + WORDS[random.nextInt(WORDS.length)] : "")
                    .append(' ').append(i).append('\n');
        }
        return base.replace("phrase-lists:\n", "phrase-lists:\n" + list).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public PolicyDecision evaluate600ByteDraft() {
        Draft d = drafts600[next++ & 63];
        return policy.evaluate(new PolicyInput(d, "", d.content()));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Policy load10kPhrasePolicy() throws Exception {
        return PolicyLoader.parse(policyBytes, "bench.yaml");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PolicyDecision keystrokeIn2kDraft() {
        // Each call types one more character in the middle of the draft, as a reviewer editing would.
        keystroke++;
        int at = 1000 + (keystroke % 500);
        String edited = body2k.substring(0, at) + (char) ('a' + keystroke % 26) + body2k.substring(at);
        return policy.evaluate(new PolicyInput(draft2k, "", edited));
    }
}
