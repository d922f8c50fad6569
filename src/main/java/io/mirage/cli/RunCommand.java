package io.mirage.cli;

import io.mirage.experiment.Experiment;
import io.mirage.experiment.ExperimentFile;
import io.mirage.model.ModelSettings;
import io.mirage.run.EarlyStopping;
import io.mirage.run.PlanEstimate;
import io.mirage.run.RunOptions;
import io.mirage.run.RunSpec;
import io.mirage.run.RunStore;
import io.mirage.scenario.Condition;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "run", description = {
        "Run scenario packs' conditions against one or more models and report per-behaviour rates.",
        "Give an experiment file (see `mirage init`), or --scenario and --model; flags override the file.",
        "Running the same command again resumes the same run; more samples, models or conditions grow it by only what it lacks."})
final class RunCommand implements Callable<Integer> {
    static final int DEFAULT_SAMPLES = 10;
    static final int DEFAULT_CONCURRENCY = 16;
    static final int DEFAULT_MAX_TURNS = 10;

    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(arity = "0..1", paramLabel = "EXPERIMENT", description = "An experiment file: packs, models in roles, samples, seed… (see `mirage init`).")
    Path experimentFile;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Scenario pack (see `mirage scenarios list`); replaces the file's packs.")
    String scenario;

    @Option(names = "--model", paramLabel = "MODEL", description = "provider/model; repeat for several models (replaces the file's agent models).")
    List<String> models = new ArrayList<>();

    @Option(names = "--samples", paramLabel = "N", description = "Rollouts per model × condition (default: " + DEFAULT_SAMPLES + ").")
    Integer samples;

    @Option(names = "--condition", paramLabel = "k=v,…",
            description = "Fix factor levels (e.g. goal=explicit,threat=replacement|restriction); other factors are swept.")
    List<String> conditions = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "Base seed (default: 1).")
    Long seed;

    @Option(names = "--concurrency", paramLabel = "C", description = "Rollouts at once (default: " + DEFAULT_CONCURRENCY + ").")
    Integer concurrency;

    @Option(names = "--max-turns", paramLabel = "T", description = "Model turns per rollout (default: " + DEFAULT_MAX_TURNS + ").")
    Integer maxTurns;

    @Option(names = "--limit", paramLabel = "N", description = "Run only the first N rollouts of each run's plan (a smoke test); the plan interleaves cells.")
    Integer limit;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the run; runs with different names are separate runs (`mirage resume NAME` resumes them).")
    String name;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag the run (repeatable); `mirage runs --tag` filters by it.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--no-retry-errors", description = "On resume, keep errored rollouts as they are instead of running them again.")
    boolean noRetryErrors;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output.Format format;

    @Option(names = "--tool-protocol", paramLabel = "native|text",
            description = "native function calling, or tools described in the prompt and called with <tool_call> tags (default: native).")
    String toolProtocol;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Start no new model call once the run (all runs of an experiment file) has cost this much, counting calls in flight (needs prices).")
    Double maxCost;

    @Option(names = "--dry-run", description = "Print the plan with estimated tokens and cost, and run nothing.")
    boolean dryRun;

    @Option(names = "--judge-model", paramLabel = "MODEL",
            description = "Also judge every rollout with this model once the run is done (see `mirage judge`).")
    String judgeModel;

    @Option(names = "--stakeholder-model", paramLabel = "MODEL",
            description = "The model that plays the stakeholders of stakeholders=model conditions (replaces the file's stakeholder role).")
    String stakeholderModel;

    @Option(names = "--detach", description = "Only plan the run(s) into the store (with tags and manifest) and return; `mirage worker` processes run them.")
    boolean detach;

    @Mixin ModelOptions modelOptions;

    @Mixin EarlyStoppingOptions earlyStopping;

    @Mixin HtmlOptions html;

    @Override
    public Integer call() {
        html.validate();
        ModelOptions.check("--max-cost", maxCost, io.mirage.model.SettingRules::nonNegative);
        ScenarioLibrary library = workspace.library();
        Map<String, ScenarioLibrary.Loaded> loaded = new java.util.HashMap<>();
        Function<String, ScenarioLibrary.Loaded> load = name -> loaded.computeIfAbsent(name, library::loadWithFiles);
        Experiment file = experimentFile == null ? null
                : ExperimentFile.load(experimentFile, new LibraryChecks(library, name -> load.apply(name).pack()));
        Resolved r = resolve(file);
        record Planned(ScenarioPack pack, RunSpec spec, Provenance provenance) {}
        List<Planned> planned = new ArrayList<>();
        for (Experiment.PackChoice choice : r.packs) {
            ScenarioLibrary.Loaded read = load.apply(choice.pack());
            ScenarioPack pack = read.pack();
            RunSpec spec = RunLauncher.spec(pack, select(pack, choice.filters()), r.agents, r.samples, r.seed, r.maxTurns, r.settings, r.toolProtocol)
                    .withName(r.name);
            Provenance provenance = new Provenance(r.tags, r.judge, r.judge == null ? null : r.settings.apply(r.judge),
                    read.files(), r.stakeholder, r.stakeholder == null ? null : r.settings.apply(r.stakeholder));
            List<String> modelPlayed = io.mirage.run.RunEngine.modelPlayedConditions(pack, spec.conditions());
            if (r.stakeholder == null && !modelPlayed.isEmpty()) {
                throw new UsageException("condition " + modelPlayed.getFirst() + (modelPlayed.size() > 1 ? " (and " + (modelPlayed.size() - 1)
                        + " more)" : "") + " of " + pack.name() + " has stakeholders=model: give the model that plays them with"
                        + " --stakeholder-model MODEL (or a stakeholder role under models: in the experiment file), or choose"
                        + " stakeholders=silent|scripted");
            }
            if (r.earlyStopping != null) {
                try {
                    r.earlyStopping.requireKnownBehaviours(spec);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--decide-on: " + e.getMessage());
                }
            }
            planned.add(new Planned(pack, spec, provenance));
        }
        if (dryRun) {
            for (Planned p : planned) command.commandLine().getOut().print(PlanEstimate.of(p.pack(), p.spec(), r.settings).describe());
            command.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        RunOptions base = new RunOptions(r.concurrency, !noRetryErrors, r.settings, System.getenv())
                .withEarlyStopping(r.earlyStopping).withLimit(r.limit).withStakeholderModel(r.stakeholder);
        if (detach) refuseWhatWorkersCannotKeep(r);
        List<RunSpec> stored = new ArrayList<>();
        for (Planned p : planned) stored.add(RunLauncher.plan(workspace, p.pack(), p.spec(), base, p.provenance(), command.commandLine().getErr()));
        if (detach) return detached(stored);
        int code = ExitCodes.OK;
        List<String> runIds = new ArrayList<>();
        for (Planned p : planned) {
            RunSpec spec = p.spec();
            Double budget = remainingBudget(r.maxCost, runIds, spec.id());
            if (budget != null && budget <= 0) {
                command.commandLine().getErr().printf(Locale.ROOT, "Budget of $%.2f spent by the experiment's earlier runs: run %s was not started. "
                        + "Resume with a higher --max-cost.%n", r.maxCost, spec.id());
                break;
            }
            runIds.add(spec.id());
            RunLauncher.JudgeRequest judge = r.judge == null ? null
                    : new RunLauncher.JudgeRequest(r.judge, r.settings, r.concurrency, io.mirage.run.JudgeOptions.DEFAULT_ATTEMPTS, false);
            code = Math.max(code, RunLauncher.execute(workspace, p.pack(), spec, base.withMaxCost(budget), judge, p.provenance(), format, html,
                    command.commandLine().getOut(), command.commandLine().getErr()));
        }
        if (r.packs.size() > 1 && !dryRun && !r.name.isEmpty()) {
            command.commandLine().getErr().println("Experiment " + r.name + ": runs " + String.join(", ", runIds)
                    + ". Resume them all with: mirage resume " + r.name);
        }
        return code;
    }

    /** A worker runs a run as its manifest says; what the manifest does not hold cannot be detached. */
    private void refuseWhatWorkersCannotKeep(Resolved r) {
        if (r.limit() != null) throw new UsageException("--detach runs the whole plan: drop --limit (or run without --detach)");
        if (r.maxCost() != null) throw new UsageException("--detach cannot keep a budget: workers do not enforce --max-cost; run without --detach");
        if (r.earlyStopping() != null) throw new UsageException("--detach cannot keep early stopping (--decide-on); run without --detach");
    }

    /** Says which runs were planned and how to start workers on them. */
    private int detached(List<RunSpec> stored) {
        java.io.PrintWriter out = command.commandLine().getOut();
        String db = workspace.postgres().isPresent() ? workspace.dbName() : workspace.dbPath().toString();
        for (RunSpec spec : stored) {
            int done;
            try (RunStore store = workspace.openStore()) {
                done = store.finishedIndices(spec.id()).size();
            }
            out.println("Planned run " + spec.id() + ": " + (spec.total() - done) + " of " + spec.total() + " rollouts to run");
        }
        out.println("Start workers (any number, on any machines that reach the store) with: mirage worker --db " + db
                + " [--concurrency C] [--once]");
        out.println("Follow them with: mirage runs --db " + db);
        out.flush();
        return ExitCodes.OK;
    }

    /** The experiment as flags over the file over defaults. */
    private record Resolved(String name, List<String> tags, List<Experiment.PackChoice> packs, List<String> agents, String judge,
                            Function<String, ModelSettings> settings, int samples, long seed, int maxTurns, String toolProtocol,
                            int concurrency, Integer limit, Double maxCost, EarlyStopping earlyStopping, String stakeholder) {}

    private Resolved resolve(Experiment file) {
        List<Experiment.PackChoice> packs;
        List<Map<String, Set<String>>> flagFilters = conditions.isEmpty() ? List.of() : List.of(Conditions.parse(conditions));
        if (scenario != null) packs = List.of(new Experiment.PackChoice(scenario, flagFilters));
        else if (file != null) packs = file.packs().stream()
                .map(p -> flagFilters.isEmpty() ? p : new Experiment.PackChoice(p.pack(), flagFilters)).toList();
        else throw new UsageException("give an experiment file or --scenario NAME (`mirage init` writes an example experiment file)");
        Map<String, ModelSettings> fileSettings = new LinkedHashMap<>();
        if (file != null) {
            file.agents().forEach(m -> fileSettings.put(m.name(), m.settings()));
            if (file.judge() != null) fileSettings.putIfAbsent(file.judge().name(), file.judge().settings());
            if (file.stakeholder() != null) fileSettings.putIfAbsent(file.stakeholder().name(), file.stakeholder().settings());
        }
        List<String> agents = !models.isEmpty() ? models : file == null ? List.of() : file.agents().stream().map(Experiment.ModelChoice::name).toList();
        if (agents.isEmpty()) throw new UsageException("give at least one --model (or models.agent in the experiment file)");
        String judge = judgeModel != null ? judgeModel : file == null || file.judge() == null ? null : file.judge().name();
        String stakeholder = stakeholderModel != null ? stakeholderModel
                : file == null || file.stakeholder() == null ? null : file.stakeholder().name();
        Function<String, ModelSettings> base = modelOptions.settings();
        ModelSettings flags = modelOptions.flags();
        Function<String, ModelSettings> settings = model -> fileSettings.containsKey(model)
                ? base.apply(model).overriddenBy(fileSettings.get(model)).overriddenBy(flags) : base.apply(model);
        String runName = name != null ? name : file == null ? "" : file.name();
        if (!runName.matches("[A-Za-z0-9._-]*")) throw new UsageException("--name may hold only letters, digits, '.', '_' and '-', not '" + runName + "'");
        Set<String> allTags = new LinkedHashSet<>(file == null ? List.of() : file.tags());
        allTags.addAll(tags);
        String protocol = pick(toolProtocol, file == null ? null : file.toolProtocol(), RunSpec.NATIVE_TOOLS);
        if (!protocol.equals(RunSpec.NATIVE_TOOLS) && !protocol.equals(RunSpec.TEXT_TOOLS)) {
            throw new UsageException("--tool-protocol must be native or text, not '" + protocol + "'");
        }
        int c = pick(concurrency, file == null ? null : file.concurrency(), DEFAULT_CONCURRENCY);
        if (c < 1) throw new UsageException("--concurrency must be at least 1");
        if (limit != null && limit < 1) throw new UsageException("--limit must be at least 1");
        EarlyStopping stopping = earlyStopping.rule();
        Double budget = maxCost != null ? maxCost : file == null ? null : file.maxCostUsd();
        List<String> paid = new ArrayList<>(agents);
        if (stakeholder != null) paid.add(stakeholder);
        for (String model : paid) {
            if (budget != null && settings.apply(model).prices().isEmpty()) {
                throw new UsageException("a budget needs the prices of every model, and " + model + " has none: add them to the models file"
                        + " or the experiment file (prices: {input: USD, output: USD} per million tokens), or run without a budget");
            }
        }
        return new Resolved(runName, List.copyOf(allTags), packs, agents, judge, settings,
                pick(samples, file == null ? null : file.samples(), DEFAULT_SAMPLES), pick(seed, file == null ? null : file.seed(), 1L),
                pick(maxTurns, file == null ? null : file.maxTurns(), DEFAULT_MAX_TURNS), protocol, c,
                limit != null ? limit : file == null ? null : file.limit(), budget,
                stopping != null ? stopping : file == null ? null : file.earlyStopping(), stakeholder);
    }

    private static <T> T pick(T flag, T file, T fallback) {
        return flag != null ? flag : file != null ? file : fallback;
    }

    /** The conditions of every filter, in the pack's order; no filter means all of them. */
    static List<Condition> select(ScenarioPack pack, List<Map<String, Set<String>>> filters) {
        if (filters.isEmpty()) return pack.select(Map.of());
        Set<String> chosen = new LinkedHashSet<>();
        for (Map<String, Set<String>> filter : filters) pack.select(filter).forEach(c -> chosen.add(c.id()));
        return pack.allConditions().stream().filter(c -> chosen.contains(c.id())).toList();
    }

    /** The budget left for one run of an experiment: what its other runs have cost comes off. */
    private Double remainingBudget(Double total, List<String> otherRuns, String runId) {
        if (total == null) return null;
        double spent = 0;
        try (RunStore store = workspace.openStore()) {
            for (String other : otherRuns) {
                if (other.equals(runId)) continue;
                spent += store.cost(other) + java.util.Optional.ofNullable(store.stakeholderSpend(other).costUsd()).orElse(0.0);
            }
        }
        return total - spent;
    }
}
