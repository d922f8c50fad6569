package io.mirage.report.html;

import io.mirage.detect.Verdict;
import io.mirage.report.CellResult;
import io.mirage.report.ResultTable;
import io.mirage.run.RunSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every chart of a report, named for export: {@code headline}, then per verdict source and behaviour
 * {@code rates-<behaviour>} and per factor pair {@code heatmap-<behaviour>-<factor>[-x-<factor>]}. Detector
 * charts have these names; another source's add {@code .<source>} (e.g. {@code rates-blackmail.judge_gpt-5}).
 */
public final class Charts {
    private Charts() {}

    public static List<Chart> of(ReportData data) {
        List<Chart> charts = new ArrayList<>();
        charts.add(new Chart("headline", "Harmful behaviour under the strongest pressure, and in the control",
                List.of(new Chart.Panel("", HeadlineChart.svg(data))), List.of(), "", true));
        String runId = data.run().id();
        List<String> sources = data.sources();
        List<RunSpec.BehaviourRef> behaviours = data.spec().behaviours();
        Factors factors = Factors.of(data.spec().conditions());
        for (int s = 0; s < sources.size(); s++) {
            String source = sources.get(s);
            ResultTable table = data.tables().get(source);
            String suffix = source.equals(Verdict.DETECTOR) ? "" : "." + Html.idPart(source.replace(':', '_'));
            String caption = factors.caption().isEmpty() ? "" : " · " + factors.caption();
            for (int b = 0; b < behaviours.size(); b++) {
                RunSpec.BehaviourRef behaviour = behaviours.get(b);
                List<CellResult> cells = table.cells().stream().filter(c -> c.behaviour().equals(behaviour.id())).toList();
                charts.add(new Chart("rates-" + Html.idPart(behaviour.id()) + suffix,
                        "Rate of " + behaviour.title() + " (" + behaviour.id() + ")" + (behaviour.harmful() ? "" : ", not harmful")
                                + " by condition and model, " + RatesSection.shortTitle(source) + " verdicts" + caption,
                        List.of(new Chart.Panel("", IntervalChart.svg(table, s, b))), data.spec().models(),
                        SmallPrint.provenance(runId, source, SmallPrint.method(cells)), false));
                for (Factors.Pair pair : factors.pairs()) {
                    List<Chart.Panel> grids = new ArrayList<>();
                    for (String model : data.spec().models()) {
                        grids.add(new Chart.Panel(model, FactorHeatmap.gridSvg(table, factors, pair, behaviour.id(), behaviour.harmful(), model)));
                    }
                    String pairName = Html.idPart(pair.rows()) + (pair.columns() == null ? "" : "-x-" + Html.idPart(pair.columns()));
                    charts.add(new Chart("heatmap-" + Html.idPart(behaviour.id()) + "-" + pairName + suffix,
                            "Rate of " + behaviour.id() + " by " + pair.label() + ", pooled over the other factors, "
                                    + RatesSection.shortTitle(source) + " verdicts (k/n, +indeterminate?)",
                            grids, List.of(), SmallPrint.provenance(runId, source, SmallPrint.method(List.of()) + " (pooled)"), false));
                }
            }
        }
        return unique(charts);
    }

    /** Distinct ids can share a file-name form (a:b and a_b): number the later ones. */
    private static List<Chart> unique(List<Chart> charts) {
        Set<String> names = new LinkedHashSet<>();
        List<Chart> out = new ArrayList<>();
        for (Chart c : charts) {
            String name = c.name();
            for (int i = 2; !names.add(name.toLowerCase(java.util.Locale.ROOT)); i++) name = c.name() + "-" + i;
            out.add(name.equals(c.name()) ? c : new Chart(name, c.title(), c.panels(), c.legendModels(), c.smallPrint(), c.complete()));
        }
        return out;
    }
}
