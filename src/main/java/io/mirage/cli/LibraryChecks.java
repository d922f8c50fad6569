package io.mirage.cli;

import io.mirage.config.InvalidInputException;
import io.mirage.experiment.ExperimentFile;
import io.mirage.model.ModelRegistry;
import io.mirage.scenario.ScenarioLibrary;

import java.util.Map;
import java.util.Set;

/** Checks an experiment file's packs, conditions and models against the packs and providers this build has. */
final class LibraryChecks implements ExperimentFile.Checks {
    private final ScenarioLibrary library;
    private final java.util.function.Function<String, io.mirage.scenario.ScenarioPack> packs;
    private final ModelRegistry models = Workspace.models();

    /** {@code packs} loads a pack of the library (a caller's cache, so a pack with several filters is read once). */
    LibraryChecks(ScenarioLibrary library, java.util.function.Function<String, io.mirage.scenario.ScenarioPack> packs) {
        this.library = library;
        this.packs = packs;
    }

    @Override
    public ExperimentFile.Problem pack(String pack) {
        if (library.names().contains(pack)) return null;
        return new ExperimentFile.Problem("no scenario pack named '" + pack + "'",
                "use one of: " + String.join(", ", library.names()) + " (or add a folder with --scenarios DIR)");
    }

    @Override
    public ExperimentFile.Problem conditions(String pack, Map<String, Set<String>> filter) {
        try {
            if (packs.apply(pack).select(filter).isEmpty()) return new ExperimentFile.Problem("these levels select no condition", "widen the filter");
            return null;
        } catch (InvalidInputException e) {
            var first = e.problems().getFirst();
            return new ExperimentFile.Problem(first.message(), first.fix());
        }
    }

    @Override
    public ExperimentFile.Problem model(String model) {
        String problem = models.problem(model);
        return problem == null ? null : new ExperimentFile.Problem(problem, "write provider/model, e.g. openai/gpt-4.1-mini; `mirage models check MODEL` tries one");
    }
}
