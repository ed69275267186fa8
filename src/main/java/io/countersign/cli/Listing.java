package io.countersign.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a listing command prints its rows: tab-separated for people and {@code cut}, with every
 * character that could break or forge a row escaped, or one JSON object per line for programs.
 * A draft whose lead name holds a tab, a newline or a right-to-left override cannot add a column,
 * start a new row or reorder what the terminal shows.
 */
final class Listing {

    enum Format { TSV, JSONL }

    /** The {@code --format} option, shared by every listing command. */
    static final class Options {
        @Option(names = "--format", defaultValue = "TSV", paramLabel = "tsv|jsonl",
                description = "tsv (default; tabs, line breaks, backslashes and other control characters escaped as \\t \\n \\\\ \\uXXXX) "
                        + "or jsonl (one JSON object per row).")
        Format format;
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final PrintWriter out;
    private final Format format;
    private final List<String> columns;

    Listing(PrintWriter out, Format format, List<String> columns) {
        this.out = out;
        this.format = format;
        this.columns = columns;
    }

    void row(String... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        if (format == Format.JSONL) {
            StringWriter line = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(line)) {
                g.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    g.writeStringField(columns.get(i), values[i] == null ? "" : values[i]);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(line);
            return;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            escape(values[i] == null ? "" : values[i], b);
        }
        out.println(b);
    }

    /** Tab-separated field escaping: nothing in a value can end the field or the row, or steer the terminal. */
    static void escape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                            || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                            || c == '\u200e' || c == '\u200f' || c == '\u061c' || c == '\ufeff') {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        escape(s, b);
        return b.toString();
    }

    /**
     * For a message line (not a field): control, line-break and bidi characters escaped so the
     * message stays one line and cannot steer the terminal; backslashes are left as they are, so a
     * message that already shows an escape ("\u0009") is not escaped twice.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append(c);
            } else {
                escape(String.valueOf(c), b);
            }
        }
        return b.toString();
    }
}
