package io.countersign.core.contact;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a do-not-contact CSV with the header {@code kind,value[,reason][,source]}. Bad rows are
 * reported with their line and left out; the good ones are returned for adding. Used by
 * {@code suppress import} and by the console's Settings screen.
 */
public final class SuppressionCsv {

    /**
     * @param entries  the rows that can be added
     * @param problems one line per rejected row, "FILE:LINE: why"
     * @param fatal    the file as a whole is unusable (no header, malformed CSV): add nothing
     */
    public record Result(List<Suppression> entries, List<String> problems, boolean fatal) {
    }

    private SuppressionCsv() {
    }

    public static Result read(Reader reader, String fileName, String addedBy, Instant now) throws IOException {
        List<Suppression> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderNames().contains("kind") || !parser.getHeaderNames().contains("value")) {
                return new Result(List.of(), List.of(fileName + ":1: header must contain kind and value"), true);
            }
            long line = parser.getCurrentLineNumber() + 1;
            for (CSVRecord rec : parser) {
                var kind = Suppression.Kind.fromWireName(rec.get("kind"));
                String value = rec.get("value");
                if (kind.isEmpty()) {
                    problems.add(fileName + ":" + line + ": unknown kind '" + rec.get("kind")
                            + "' (use email, domain, company, linkedin or lead)");
                } else if (value == null || value.isBlank()) {
                    problems.add(fileName + ":" + line + ": value is empty");
                } else {
                    entries.add(new Suppression(kind.get(), kind.get().normalize(value),
                            rec.isMapped("reason") ? rec.get("reason") : "",
                            rec.isMapped("source") ? rec.get("source") : "csv import", addedBy, now));
                }
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return new Result(List.of(), List.of(fileName + ": malformed CSV: " + e.getMessage()), true);
        }
        return new Result(entries, problems, false);
    }
}
