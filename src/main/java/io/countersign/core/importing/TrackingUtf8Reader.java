package io.countersign.core.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.util.TreeSet;

/**
 * Decodes a UTF-8 stream for a streaming parser and remembers which lines held bytes that are not
 * UTF-8 (each such sequence reads as U+FFFD), so the record on that line can be refused by number
 * without holding the file in memory. A BOM at the start is dropped.
 */
final class TrackingUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = JsonLines.strictUtf8();
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final TreeSet<Long> badLines = new TreeSet<>();
    private long line = 1;
    private boolean eof;
    private boolean started;

    TrackingUtf8Reader(InputStream in) {
        this.in = in;
        bytes.flip();
    }

    /** Lines (1-based) seen so far that held invalid UTF-8. */
    TreeSet<Long> badLines() {
        return badLines;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            if (!eof && bytes.remaining() < 4) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                if (!started && bytes.remaining() >= 3 && (bytes.get(0) & 0xff) == 0xEF && (bytes.get(1) & 0xff) == 0xBB
                        && (bytes.get(2) & 0xff) == 0xBF) {
                    bytes.position(3);
                }
                if (bytes.remaining() >= 3 || eof) {
                    started = true;
                }
            }
            int before = out.position();
            CoderResult r = decoder.decode(bytes, out, eof);
            countLines(cbuf, before, out.position());
            if (r.isMalformed() || r.isUnmappable()) {
                badLines.add(line);
                bytes.position(bytes.position() + r.length());
                if (out.hasRemaining()) {
                    out.put('\uFFFD');
                } else {
                    bytes.position(bytes.position() - r.length());
                    break;
                }
                continue;
            }
            if (eof && !bytes.hasRemaining()) {
                decoder.flush(out);
                break;
            }
            if (r.isOverflow()) {
                break;
            }
        }
        int n = out.position() - off;
        return n == 0 && eof && !bytes.hasRemaining() ? -1 : n;
    }

    private void countLines(char[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
