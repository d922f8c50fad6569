package io.mirage.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's rollouts table as CSV (RFC 4180: fields with commas, quotes or line breaks are
 * quoted, quotes doubled; an empty field is a missing value), one rollout at a time.
 */
public final class RolloutsCsv {
    private RolloutsCsv() {}

    /** Writes the table to {@code file} and returns the number of data rows. */
    public static long write(RunExport run, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return write(run, out);
        }
    }

    static long write(RunExport run, Writer out) throws IOException {
        List<RolloutColumns.Column> columns = RolloutColumns.of(run.factors());
        out.write(String.join(",", columns.stream().map(c -> field(c.name())).toList()));
        out.write('\n');
        long[] rows = {0};
        try {
            run.forEachRollout(finished -> {
                for (List<Object> row : RolloutRows.of(run, finished)) {
                    try {
                        for (int i = 0; i < row.size(); i++) {
                            if (i > 0) out.write(',');
                            out.write(field(row.get(i)));
                        }
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows[0];
    }

    static String field(Object value) {
        if (value == null) return "";
        String text = value instanceof Double d ? Double.toString(d) : value.toString();
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
