package io.mirage.cli;

import io.mirage.experiment.Manifest;
import io.mirage.model.ModelSettings;
import io.mirage.run.RunSpec;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** A stored run with its manifest, when it has one: what resume and workers need to go on with it. */
record StoredRun(RunSpec spec, Optional<Manifest> manifest) {

    /** Every model's settings as the run stored them (the manifest's, which has the limits too, over the plan's). */
    Map<String, Map<String, String>> settingsThen() {
        Map<String, Map<String, String>> then = new HashMap<>(spec.modelSettings());
        manifest.ifPresent(m -> {
            then.putAll(m.agents());
            if (m.judge() != null) then.putIfAbsent(m.judge(), m.judgeSettings());
            if (m.stakeholder() != null) then.putIfAbsent(m.stakeholder(), m.stakeholderSettings());
        });
        return then;
    }

    /** The model that plays the run's stakeholders, as the run was planned with it, or null. */
    String stakeholder() {
        return manifest.map(Manifest::stakeholder).orElse(null);
    }

    /** The judge the run was planned with, or null. */
    String judge() {
        return manifest.map(Manifest::judge).orElse(null);
    }

    /**
     * Refuses settings that would change what a model of the run answers (see
     * {@link RunLauncher#refuseChangedSettings}).
     */
    void refuseChangedSettings(Function<String, ModelSettings> settings) {
        RunLauncher.refuseChangedSettings(spec, spec.withModelSettings(model -> settings.apply(model).describe()));
    }

    /** The run's pack: today's when unchanged, else the files stored with the run (said in a note), else a clear refusal. */
    ScenarioPack pack(ScenarioLibrary library, Consumer<String> note) {
        Optional<ScenarioPack> today = library.names().contains(spec.scenario()) ? Optional.of(library.load(spec.scenario())) : Optional.empty();
        if (today.isPresent() && today.get().hash().equals(spec.packHash())) return today.get();
        if (manifest.isPresent() && !manifest.get().packFiles().isEmpty()) {
            ScenarioPack snapshot = library.load(spec.scenario(), manifest.get().packFiles());
            if (snapshot.hash().equals(spec.packHash())) {
                note.accept("Note: scenario " + spec.scenario() + (today.isPresent() ? " changed since run " + spec.id() + " was planned" : " is not installed")
                        + "; using the pack's files stored with the run (hash " + spec.packHash() + ").");
                return snapshot;
            }
        }
        throw new UsageException("run " + spec.id() + " was planned with scenario pack " + spec.scenario() + " at hash "
                + spec.packHash() + ", but that pack now has hash " + today.map(ScenarioPack::hash).orElse("(not installed)")
                + " and the run stored no copy of its files; pass the original pack with --scenarios, or start a new run");
    }
}
