package io.countersign.core.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Cuts a CSV byte stream into records before any field is parsed, so one broken record costs only
 * itself: a record ends at a line break outside quotes. A quoted field that never closes (end of
 * file, or more than {@link #MAX_RECORD_BYTES} without its closing quote) is reported on the line
 * where it began, and reading resumes on the line after it, so the records that follow are still
 * read. Line numbers count line feeds (and a carriage return on its own outside quotes, the old
 * Mac line end); a carriage return inside a quoted field is content and does not move the count.
 * Memory is bounded by one record.
 */
final class CsvRecords {

    /** As for a JSON line: a 100 KB message with every character quoted or escaped still fits. */
    static final int MAX_RECORD_BYTES = JsonLines.MAX_LINE_BYTES;

    /** One record's raw bytes (line end removed) and the physical lines it spans. */
    record Raw(long line, long endLine, byte[] bytes) {
    }

    /** What the splitter hands on: a record, or a problem at a line. */
    interface Sink {
        /**
         * @return false when the record cannot be parsed: one that spans several lines is then read
         *         again from its second line, since its first quote was most likely a stray one
         */
        boolean record(Raw raw);

        void problem(long line, String reason);
    }

    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CR = {'\r'};

    private final InputStream in;
    private final Sink sink;
    private final ArrayDeque<byte[]> pushedBack = new ArrayDeque<>();
    private final byte[] chunk = new byte[64 * 1024];
    private byte[] current;
    private int pos;
    private int len;

    private boolean fieldStart;
    private boolean justClosed;
    private byte[] record = new byte[8 * 1024];
    private int recordLen;

    CsvRecords(InputStream in, Sink sink) {
        this.in = in;
        this.sink = sink;
    }

    private int next() {
        while (current == null || pos >= len) {
            if (!pushedBack.isEmpty()) {
                current = pushedBack.pop();
                pos = 0;
                len = current.length;
                continue;
            }
            try {
                int n = in.read(chunk);
                if (n < 0) {
                    return -1;
                }
                current = chunk;
                pos = 0;
                len = n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return current[pos++] & 0xff;
    }

    /** Bytes read ahead go back in front of the stream (after what is still unread of the current chunk). */
    private void pushBack(byte[] bytes, int from, int to) {
        if (current != null && pos < len) {
            pushedBack.push(Arrays.copyOfRange(current, pos, len));
        }
        pushedBack.push(Arrays.copyOfRange(bytes, from, to));
        current = null;
    }

    void run() {
        run(1);
    }

    /**
     * Bytes read again after resumes, in all: past this, a quote that does not close skips the whole
     * region it swallowed instead of resuming line by line, so a hostile file cannot make reading
     * quadratic.
     */
    static final long RESUME_BUDGET = 16L << 20;
    private long rescanned;

    private void run(long firstLine) {
        long line = firstLine;
        long start = firstLine;
        boolean quoted = false;
        boolean overLong = false;
        boolean skipLine = false;
        fieldStart = true;
        justClosed = false;
        recordLen = 0;
        while (true) {
            int b = next();
            if (skipLine || overLong) {
                // Past the limit the record is skipped to the end of its physical line, quotes or not.
                if (b < 0 || b == '\n') {
                    if (overLong) {
                        sink.problem(start, "record is over " + MAX_RECORD_BYTES / 1024 + " KB long; skipped");
                    }
                    if (b < 0) {
                        return;
                    }
                    line++;
                    start = line;
                    skipLine = false;
                    overLong = false;
                    quoted = false;
                    fieldStart = true;
                    justClosed = false;
                    recordLen = 0;
                    shrink();
                }
                continue;
            }
            if (b < 0) {
                if (quoted) {
                    // Most likely a quote that never closes: report it and read again from its next line.
                    line = resume(start, "a quoted field opened on line " + start + " never closes");
                } else if (recordLen > 0) {
                    long last = end(start, line, new byte[0]);
                    if (last == line) {
                        return;
                    }
                    line = last + 1; // a refused multi-line record pushed its later lines back
                } else {
                    return;
                }
                start = line;
                quoted = false;
                fieldStart = true;
                justClosed = false;
                continue;
            }
            // Quotes as CSV reads them: one opens a quoted field only at the field's start; inside,
            // one closes it unless the next is a quote too (an escaped quote), which is handled by
            // reopening right after a close. A quote in the middle of an unquoted field is a letter.
            if (b == '"' && (quoted || fieldStart || justClosed)) {
                justClosed = quoted;
                quoted = !quoted;
                fieldStart = false;
            } else if (quoted || (b != '\n' && b != '\r')) {
                fieldStart = !quoted && b == ',';
                justClosed = false;
            }
            if (!quoted && (b == '\n' || b == '\r')) {
                byte[] terminator = LF;
                if (b == '\r') {
                    terminator = CRLF;
                    if (next() >= 0 && current[pos - 1] != '\n') {
                        pos--; // a CR on its own ends the record too; the byte after it starts the next
                        terminator = CR;
                    }
                }
                line = end(start, line, terminator) + 1;
                start = line;
                fieldStart = true;
                justClosed = false;
                continue;
            }
            if (b == '\n') {
                line++;
            }
            if (recordLen == MAX_RECORD_BYTES) {
                if (!quoted) {
                    overLong = true;
                    continue;
                }
                pos--; // this byte has not been taken: it goes back with the rest
                if (b == '\n') {
                    line--;
                }
                if (indexOfNewline() >= 0) {
                    line = resume(start, "a quoted field opened on line " + start + " does not close within "
                            + MAX_RECORD_BYTES / 1024 + " KB");
                    start = line;
                } else {
                    sink.problem(start, "record is over " + MAX_RECORD_BYTES / 1024 + " KB long; skipped");
                    skipLine = true; // still on the record's first line: skip to its end
                    recordLen = 0;
                }
                quoted = false;
                fieldStart = true;
                justClosed = false;
                continue;
            }
            append(b);
        }
    }

    /**
     * The record from {@code start} has a quote that does not close: reports it and pushes back
     * what follows its first line (or, once {@link #RESUME_BUDGET} is spent, its last), so those
     * lines are read again as records. Returns the line reading resumes on.
     */
    private long resume(long start, String reason) {
        int first = indexOfNewline();
        if (first < 0) {
            sink.problem(start, "malformed CSV: " + reason + "; record skipped");
            recordLen = 0;
            shrink();
            return start + 1;
        }
        rescanned += recordLen;
        int from = first;
        long resumeLine = start + 1;
        String what = "record skipped, reading resumes on line " + resumeLine;
        if (rescanned > RESUME_BUDGET) {
            long lines = 0;
            for (int i = 0; i < recordLen; i++) {
                if (record[i] == '\n') {
                    from = i;
                    lines++;
                }
            }
            resumeLine = start + lines;
            what = "lines " + start + "–" + (resumeLine - 1) + " skipped (too many broken quotes to read them one by one), "
                    + "reading resumes on line " + resumeLine;
        }
        sink.problem(start, "malformed CSV: " + reason + "; " + what);
        if (from + 1 < recordLen) {
            pushBack(record, from + 1, recordLen);
        }
        recordLen = 0;
        shrink();
        return resumeLine;
    }

    /** Hands on the record; returns the last line consumed (earlier than {@code line} if lines were pushed back). */
    private long end(long start, long line, byte[] terminator) {
        long last = line;
        if (!sink.record(new Raw(start, line, Arrays.copyOf(record, recordLen))) && line > start) {
            int nl = indexOfNewline();
            byte[] again = Arrays.copyOfRange(record, nl + 1, recordLen + terminator.length);
            System.arraycopy(terminator, 0, again, recordLen - nl - 1, terminator.length);
            pushBack(again, 0, again.length);
            last = start;
        }
        recordLen = 0;
        shrink();
        return last;
    }

    private int indexOfNewline() {
        for (int i = 0; i < recordLen; i++) {
            if (record[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int b) {
        if (recordLen == record.length) {
            record = Arrays.copyOf(record, Math.min(MAX_RECORD_BYTES, record.length * 2));
        }
        record[recordLen++] = (byte) b;
    }

    private void shrink() {
        if (record.length > 64 * 1024) {
            record = new byte[8 * 1024]; // do not keep one giant record's buffer for the rest of the file
        }
    }
}
