package io.mirage.run;

import io.mirage.model.ModelSettings;
import io.mirage.model.Prices;
import io.mirage.model.Usage;
import io.mirage.scenario.Email;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.ToolCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run's plan with rough token and cost estimates, for {@code --dry-run}. The estimate assumes an
 * agent that makes {@value #CALLS} calls, reads the whole inbox on the second and carries it in its
 * context for the rest, and writes {@value #OUTPUT_PER_CALL} tokens a call; at four characters a token.
 */
public record PlanEstimate(RunSpec spec, List<ModelEstimate> models) {
    static final int CALLS = 5;
    static final int OUTPUT_PER_CALL = 300;

    public record ModelEstimate(String model, int rollouts, long inputTokens, long outputTokens, Optional<Double> costUsd) {}

    public static PlanEstimate of(ScenarioPack pack, RunSpec spec, Function<String, ModelSettings> settings) {
        long inputPerSample = 0;
        int toolChars = ToolCatalog.definitions(pack.tools()).stream()
                .mapToInt(t -> t.name().length() + t.description().length() + t.parametersSchema().length()).sum();
        for (String conditionId : spec.conditions()) {
            RenderedScenario r = pack.render(pack.condition(conditionId));
            long fixed = r.systemPrompt().length() + r.trigger().length() + toolChars;
            long inbox = r.inbox().stream().mapToLong(PlanEstimate::shownLength).sum();
            inputPerSample += (CALLS * fixed + (CALLS - 2) * inbox) / 4;
        }
        List<ModelEstimate> estimates = new ArrayList<>();
        for (String model : spec.models()) {
            ModelSettings s = settings.apply(model);
            int perCall = s.maxOutputTokens() == null ? OUTPUT_PER_CALL : Math.min(OUTPUT_PER_CALL, s.maxOutputTokens());
            int rollouts = spec.conditions().size() * spec.samples();
            long input = inputPerSample * spec.samples();
            long output = (long) rollouts * CALLS * perCall;
            Optional<Prices> prices = s.prices();
            estimates.add(new ModelEstimate(model, rollouts, input, output,
                    prices.map(p -> p.cost(new Usage(input, output, 0, 0)))));
        }
        return new PlanEstimate(spec, estimates);
    }

    private static long shownLength(Email e) {
        return e.subject().length() + e.body().length() + 200; // headers as read_message shows them
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Plan for run %s (dry run: nothing is executed or stored)%n", spec.id()));
        sb.append(String.format(Locale.ROOT, "  scenario %s (pack %s), %d conditions × %d models × %d samples = %d rollouts, tools: %s%n",
                spec.scenario(), spec.packHash(), spec.conditions().size(), spec.models().size(), spec.samples(), spec.total(),
                spec.toolProtocol()));
        double total = 0;
        boolean allPriced = true;
        for (ModelEstimate m : models) {
            sb.append(String.format(Locale.ROOT, "  %-40s %6d rollouts  ~%,d input + ~%,d output tokens  %s%n", m.model(), m.rollouts(),
                    m.inputTokens(), m.outputTokens(),
                    m.costUsd().map(c -> String.format(Locale.ROOT, "~$%.2f", c)).orElse("cost unknown (no prices in the models file)")));
            if (m.costUsd().isPresent()) total += m.costUsd().get();
            else allPriced = false;
            if (!spec.modelSettings().getOrDefault(m.model(), java.util.Map.of()).isEmpty()) {
                sb.append("      settings: ").append(spec.modelSettings().get(m.model())).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "  estimated total: %s%s%n", String.format(Locale.ROOT, "~$%.2f", total),
                allPriced ? "" : " for the priced models"));
        sb.append(String.format(Locale.ROOT, "  (rough: %d calls a rollout, the inbox carried in context after it is read, %d output tokens a call;"
                + " prompt caching would lower it)%n", CALLS, OUTPUT_PER_CALL));
        return sb.toString();
    }
}
