package io.mirage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mirage.model.ToolDefinition;
import io.mirage.scenario.Behaviour;
import io.mirage.scenario.Condition;
import io.mirage.config.InputProblem;
import io.mirage.scenario.Factor;
import io.mirage.scenario.InvalidPackException;
import io.mirage.scenario.PackLint;
import io.mirage.scenario.RenderedScenario;
import io.mirage.scenario.ScenarioLibrary;
import io.mirage.scenario.ScenarioPack;
import io.mirage.world.DetectableEffects;
import io.mirage.world.ToolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

@Command(name = "scenarios", description = "List, inspect and render scenario packs.",
        subcommands = {ScenariosCommand.ListPacks.class, ScenariosCommand.Show.class, ScenariosCommand.Render.class,
                ScenariosCommand.Lint.class})
final class ScenariosCommand {

    @Command(name = "list", description = "List the scenario packs with their factor grid size.")
    static final class ListPacks implements java.util.concurrent.Callable<Integer> {
        @Mixin Workspace workspace;
        @Spec CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            ScenarioLibrary library = workspace.library();
            for (String name : library.names()) {
                ScenarioPack pack = library.load(name);
                out.printf("%-16s %-50s %4d conditions, %d behaviours%n", pack.name(), pack.title(),
                        pack.conditions().size(), pack.behaviours().size());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "lint", description = {
            "Check packs (all, or those named): everything loading checks, plus behaviours no tool of the pack",
            "could produce, detectors the pack's own declared action never satisfies (played through the world),",
            "and factor levels that change no text. Exit code 2 when anything is found."})
    static final class Lint implements java.util.concurrent.Callable<Integer> {
        @Mixin Workspace workspace;
        @Spec CommandSpec command;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Packs to check (default: all).")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            ScenarioLibrary library = workspace.library();
            PackLint lint = new PackLint(DetectableEffects::toolsFor);
            List<String> packs = names.isEmpty() ? library.names() : names;
            int problems = 0;
            for (String name : packs) {
                List<InputProblem> found;
                try {
                    ScenarioPack pack = library.load(name);
                    found = new ArrayList<>(lint.check(pack, library.manifest(name)));
                    found.addAll(io.mirage.run.DeclaredActionCheck.check(pack, library.manifest(name)));
                } catch (InvalidPackException e) {
                    found = e.problems();
                }
                problems += found.size();
                out.println((found.isEmpty() ? "ok    " : "FAIL  ") + name + (found.isEmpty() ? "" : " (" + found.size() + ")"));
                found.forEach(p -> out.println("      " + p));
            }
            out.println(packs.size() + " packs checked, " + problems + " problems");
            out.flush();
            return problems == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
    }

    @Command(name = "show", description = "Show a pack's factors, levels, tools and behaviours.")
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @Mixin Workspace workspace;
        @Spec CommandSpec command;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            ScenarioPack pack = workspace.library().load(name);
            out.println(pack.name() + " — " + pack.title() + "  (pack hash " + pack.hash() + ")");
            out.println(pack.description().strip());
            out.println();
            out.println("Factors (" + pack.conditions().size() + " conditions by default, " + pack.allConditions().size() + " in all):");
            for (Factor f : pack.factors()) {
                out.println("  " + f.name() + (f.description().isBlank() ? "" : " — " + f.description().strip()));
                for (Factor.Level l : f.levels()) {
                    out.println("    " + l.name() + (l.name().equals(f.defaultLevel()) ? " (default)" : "")
                            + (l.description().isBlank() ? "" : ": " + l.description()));
                }
            }
            io.mirage.scenario.LivingSpec living = pack.living();
            if (!living.stakeholders().isEmpty() || !living.schedule().isEmpty()) {
                out.println();
                out.println("Living world (clock " + (living.clock().start() == null ? "from 4 minutes after the last inbox message"
                        : "from " + living.clock().start()) + ", " + living.clock().perTurn() + " min a turn"
                        + (living.clock().perTool().isEmpty() ? "" : ", tools " + new java.util.TreeMap<>(living.clock().perTool())) + "):");
                for (io.mirage.scenario.LivingSpec.Scheduled e : living.schedule()) {
                    out.println("  " + e.at() + "  " + e.kind() + (e.alert() == null ? "" : " " + e.alert())
                            + (e.tools().isEmpty() ? "" : " " + e.tools()) + (e.message() == null ? "" : " " + e.message().id())
                            + (e.when().isEmpty() ? "" : "  when " + new java.util.TreeMap<>(e.when())));
                }
                for (io.mirage.scenario.LivingSpec.Stakeholder st : living.stakeholders()) {
                    out.println("  stakeholder " + st.id() + ": " + st.name() + " <" + st.address() + ">, decides " + st.decisions()
                            + ", " + st.rules().size() + " reply rules, " + st.templates().size() + " templates");
                }
            }
            out.println();
            out.println("Tools: " + String.join(", ", pack.tools()));
            out.println();
            out.println("Behaviours:");
            for (Behaviour b : pack.behaviours()) {
                out.println("  " + b.id() + (b.harmful() ? " (harmful)" : "") + (b.after() == null ? "" : " (after " + b.after() + ")")
                        + " — " + b.title());
                if (!b.description().isBlank()) out.println("    " + b.description().strip());
                out.println("    detector: " + b.detector().describe());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "render", description = "Print exactly what a model gets in one condition: system prompt, first user message and tool schemas.")
    static final class Render implements java.util.concurrent.Callable<Integer> {
        @Mixin Workspace workspace;
        @Spec CommandSpec command;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--condition", required = true, paramLabel = "k=v,…", description = "One level for every factor, e.g. goal=explicit,threat=replacement,prohibitions=off.")
        List<String> condition = new ArrayList<>();

        @Option(names = "--inbox", description = "Also print the inbox the agent will find.")
        boolean inbox;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = command.commandLine().getOut();
            ScenarioPack pack = workspace.library().load(name);
            List<Condition> matching = pack.select(Conditions.parse(condition));
            if (matching.size() != 1) {
                throw new UsageException("--condition matches " + matching.size() + " conditions; give one level for each factor: "
                        + String.join(", ", pack.factors().stream().map(f -> f.name() + "=" + String.join("|", f.levelNames())).toList()));
            }
            RenderedScenario rendered = pack.render(matching.getFirst());
            out.println("=== condition: " + rendered.condition().id());
            out.println("=== system prompt");
            out.println(rendered.systemPrompt());
            out.println("=== first user message");
            out.println(rendered.trigger());
            out.println("=== tools");
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode tools = json.createArrayNode();
            for (ToolDefinition t : ToolCatalog.definitions(pack.tools())) {
                tools.addObject().put("name", t.name()).put("description", t.description())
                        .set("parameters", json.readTree(t.parametersSchema()));
            }
            out.println(json.writeValueAsString(tools));
            if (inbox) {
                out.println("=== inbox (" + rendered.inbox().size() + " messages; the agent reads them with its tools)");
                rendered.inbox().forEach(e -> out.println("[" + e.id() + "] " + e.at() + "  " + e.from() + "  " + e.subject()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
