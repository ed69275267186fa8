package io.countersign.core.importing;

import io.countersign.core.audit.Actor;
import io.countersign.core.draft.Draft;
import io.countersign.core.policy.Policy;
import io.countersign.core.policy.PolicyContext;
import io.countersign.core.policy.PolicyInput;
import io.countersign.core.review.DraftEvents;
import io.countersign.core.review.DraftStore;
import io.countersign.core.review.QueuedDraft;
import io.countersign.core.work.CancelledException;
import io.countersign.core.work.OrderedPipeline;
import io.countersign.core.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Brings drafts into the queue as a stream: reads records, evaluates each batch on all cores (order
 * kept) under the policy in force, and stores the batch with its "imported" and "evaluated" audit
 * events as one durable unit. Memory stays flat in the file's size. A killed or cancelled import
 * leaves whole batches only; importing the same file again skips what is stored and continues.
 */
public final class ImportService {

    /** Drafts per durable unit: one sync per batch. */
    public static final int BATCH = 2000;

    private final DraftStore store;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final Supplier<PolicyContext> context;

    public ImportService(DraftStore store, Supplier<Policy> policy, Clock clock, Supplier<PolicyContext> context) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.context = context;
    }

    public ImportReport importBytes(String source, byte[] bytes, DraftFileReader.Format format) {
        return importStream(source, new ByteArrayInputStream(bytes), bytes.length, format, Progress.NONE);
    }

    /** Imports a file, its format from the name or else the first bytes when {@code format} is null. */
    public ImportReport importFile(Path file, DraftFileReader.Format format, Progress progress) throws IOException {
        DraftFileReader.Format f = format;
        if (f == null) {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(4096);
            }
            f = DraftFileReader.Format.detect(file.getFileName().toString(), head);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return importStream(file.getFileName().toString(), in, Files.size(file), f, progress);
        }
    }

    /**
     * @param totalBytes the stream's length for progress (below zero: unknown)
     * @throws CancelledException when cancelled; the batches stored before stay stored
     */
    public ImportReport importStream(String source, InputStream in, long totalBytes, DraftFileReader.Format format,
                                     Progress progress) {
        CountingStream counted = new CountingStream(in);
        Batcher batcher = new Batcher(source, counted, totalBytes, progress);
        try (OrderedPipeline<List<Draft>, List<Evaluated>> pipeline = new OrderedPipeline<>(b -> evaluate(b, source), batcher::store)) {
            batcher.pipeline = pipeline;
            DraftFileReader.read(source, counted, format, batcher);
            batcher.submitBatch();
            pipeline.finish();
        }
        progress.update(counted.count, totalBytes, source);
        return new ImportReport(source, batcher.imported, batcher.present, batcher.problems);
    }

    /** Imports drafts made in memory (the demo generator), exactly as if they were read from a file. */
    public ImportReport importDrafts(String source, java.util.Iterator<Draft> drafts, Progress progress) {
        Batcher batcher = new Batcher(source, new CountingStream(InputStream.nullInputStream()), -1, progress);
        try (OrderedPipeline<List<Draft>, List<Evaluated>> pipeline = new OrderedPipeline<>(b -> evaluate(b, source), batcher::store)) {
            batcher.pipeline = pipeline;
            long n = 0;
            while (drafts.hasNext()) {
                batcher.draft(++n, drafts.next());
            }
            batcher.submitBatch();
            pipeline.finish();
        }
        return new ImportReport(source, batcher.imported, batcher.present, batcher.problems);
    }

    /** Reads into batches, evaluates them on all cores, stores them in file order on the reading thread. */
    private final class Batcher implements DraftFileReader.Sink {
        private final String source;
        private final CountingStream counted;
        private final long totalBytes;
        private final Progress progress;
        private List<Draft> batch = new ArrayList<>(BATCH);
        private final List<String> present = new ArrayList<>();
        private final List<ImportProblem> problems = new ArrayList<>();
        private OrderedPipeline<List<Draft>, List<Evaluated>> pipeline;
        private int imported;

        Batcher(String source, CountingStream counted, long totalBytes, Progress progress) {
            this.source = source;
            this.counted = counted;
            this.totalBytes = totalBytes;
            this.progress = progress;
        }

        @Override
        public void draft(long line, Draft draft) {
            batch.add(draft);
            if (batch.size() == BATCH) {
                submitBatch();
            }
        }

        @Override
        public void problem(ImportProblem problem) {
            problems.add(problem);
        }

        /** Where the reader stood when each batch in flight was complete: progress counts stored batches. */
        private final java.util.ArrayDeque<Long> batchEnds = new java.util.ArrayDeque<>();

        void submitBatch() {
            if (!batch.isEmpty()) {
                batchEnds.addLast(counted.count);
                pipeline.submit(batch);
                batch = new ArrayList<>(BATCH);
            }
        }

        void store(List<Evaluated> evaluated) {
            if (progress.isCancelled()) {
                throw new CancelledException("import of " + source + " cancelled after " + imported
                        + " drafts; what was imported stays, importing the file again continues");
            }
            List<QueuedDraft> queued = new ArrayList<>(evaluated.size());
            java.util.Map<String, List<io.countersign.core.audit.AuditEvent>> events = new java.util.HashMap<>();
            for (Evaluated e : evaluated) {
                queued.add(e.draft());
                events.putIfAbsent(e.draft().id(), e.events());
            }
            List<String> already = store.insertNew(queued, q -> events.get(q.id()));
            present.addAll(already);
            imported += queued.size() - already.size();
            Long end = batchEnds.pollFirst();
            progress.update(totalBytes < 0 ? imported : end == null ? counted.count : end, totalBytes, imported + " imported");
        }
    }

    /** A draft evaluated, with its audit events already written out but for their seq and time. */
    private record Evaluated(QueuedDraft draft, List<io.countersign.core.audit.AuditEvent> events) {
    }

    /**
     * Runs on the evaluation threads: the policy, and the canonical text of the two audit events,
     * so the one writing thread only stores.
     */
    private List<Evaluated> evaluate(List<Draft> drafts, String source) {
        Policy p = policy.get();
        PolicyContext ctx = context.get().forLeads(drafts.stream().map(Draft::lead).toList());
        var now = clock.instant();
        List<Evaluated> out = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            QueuedDraft q = QueuedDraft.fresh(d, p.evaluate(new PolicyInput(d, d.subject(), d.content(), ctx)), now);
            out.add(new Evaluated(q, List.of(DraftEvents.imported(q, source).prepare(),
                    DraftEvents.evaluated(q, Actor.SYSTEM).prepare())));
        }
        return out;
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
