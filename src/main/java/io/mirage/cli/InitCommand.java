package io.mirage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", description = "Write a commented example experiment file to start from.")
final class InitCommand implements Callable<Integer> {
    static final String EXAMPLE = "io/mirage/experiment/example.yaml";

    @Spec CommandSpec command;

    @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = "experiment.yaml", description = "Where to write it (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(file) && !force) throw new UsageException(file + " exists; choose another file name or pass --force to replace it");
        try (InputStream in = InitCommand.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            if (in == null) throw new IllegalStateException("the example experiment is missing from the jar");
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        command.commandLine().getOut().println("Wrote " + file + ". Edit it, then: mirage run " + file + " --dry-run");
        command.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
