package io.mirage.cli;

import io.mirage.experiment.Manifest;
import io.mirage.run.RunStore;
import io.mirage.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "show", description = "Show what a run is: its plan and settings, or its reproducibility manifest.")
final class ShowCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Parameters(paramLabel = "RUN", description = "The run id, as listed by `mirage runs`.")
    String runId;

    @Option(names = "--manifest", description = "Print the manifest as an experiment file that re-runs the same run.")
    boolean manifest;

    @Option(names = "--pack-files", paramLabel = "DIR", description = "Write the pack's files as the run stored them into DIR/<pack>.")
    Path packFiles;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        try (RunStore store = workspace.openExistingStore()) {
            RunSummary run = store.run(runId).orElseThrow(() -> new UsageException(
                    "no run '" + runId + "' in " + workspace.dbName() + "; `mirage runs` lists the runs"));
            Manifest stored = store.manifest(runId).map(Provenance::read).orElse(null);
            if ((manifest || packFiles != null) && stored == null) {
                throw new UsageException("run " + runId + " was planned before runs stored a manifest; `mirage show " + runId + "` shows its plan");
            }
            if (packFiles != null) writePack(stored, out);
            if (manifest) out.print(stored.toExperimentFile());
            if (!manifest && packFiles == null) describe(run, stored, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void writePack(Manifest stored, PrintWriter out) throws IOException {
        Path root = packFiles.resolve(stored.pack()).toAbsolutePath().normalize();
        for (Map.Entry<String, String> f : stored.packFiles().entrySet()) {
            Path target = root.resolve(f.getKey()).normalize();
            if (!target.startsWith(root)) throw new UsageException("the stored pack names a file outside its folder: " + f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
        out.println("Wrote " + stored.packFiles().size() + " files of pack " + stored.pack() + " (hash " + stored.packHash() + ") to " + root
                + "; use them with --scenarios " + packFiles);
    }

    private static void describe(RunSummary run, Manifest stored, PrintWriter out) {
        var spec = run.spec();
        out.println(Output.summary(run));
        out.println("  name: " + (spec.name().isEmpty() ? "(none)" : spec.name()) + (run.tags().isEmpty() ? "" : "; tags: " + String.join(", ", run.tags())));
        out.println("  scenario " + spec.scenario() + " at hash " + spec.packHash() + "; " + spec.conditions().size() + " conditions × "
                + spec.models().size() + " models × " + spec.samples() + " samples; seed " + spec.seed() + "; max turns " + spec.maxTurns()
                + "; tools " + spec.toolProtocol());
        spec.models().forEach(m -> out.println("  model " + m + ": " + spec.modelSettings().getOrDefault(m, Map.of())));
        if (stored != null) {
            out.println("  planned by mirage " + stored.mirageVersion() + " (commit " + stored.commit() + ") at " + stored.createdAt()
                    + (stored.judge() == null ? "" : "; judge " + stored.judge()));
        }
    }
}
