package io.mirage.report.figures;

import io.mirage.report.html.Chart;
import io.mirage.report.html.Charts;
import io.mirage.report.html.ReportData;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Writes every chart of a run's report into a folder as {@code NAME.svg}, and with PNG also {@code NAME.png}. */
public final class FigureFiles {
    private FigureFiles() {}

    /** The files written, in chart order ({@link Charts#of}). */
    public static List<Path> write(ReportData data, Path folder, boolean png) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (Chart chart : Charts.of(data)) {
            String svg = StandaloneSvg.of(chart);
            written.add(replace(folder.resolve(chart.name() + ".svg"), svg.getBytes(StandardCharsets.UTF_8)));
            if (png) {
                Element root = StandaloneSvg.parse(svg);
                int width = Integer.parseInt(root.getAttribute("width")), height = Integer.parseInt(root.getAttribute("height"));
                written.add(replace(folder.resolve(chart.name() + ".png"), PngRenderer.render(svg, width, height)));
            }
        }
        return written;
    }

    /** Writes the file whole or not at all. */
    private static Path replace(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
