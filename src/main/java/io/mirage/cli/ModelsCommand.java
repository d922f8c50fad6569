package io.mirage.cli;

import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelContext;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ToolDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "models", description = "Check model connections.", subcommands = ModelsCommand.Check.class)
final class ModelsCommand {

    @Command(name = "check", description = {
            "Send one tiny request (with one tool) and report latency, tool-call support and reasoning support,",
            "or the provider's error in plain words. Costs a few hundred tokens."})
    static final class Check implements Callable<Integer> {
        static final ToolDefinition PING = new ToolDefinition("ping", "Answers pong. Call it with the number you were given.",
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");

        @Spec CommandSpec command;
        @Mixin ModelOptions modelOptions;

        @Parameters(paramLabel = "MODEL", description = "provider/model, e.g. anthropic/claude-sonnet-4-5")
        String modelName;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            ModelContext context = new ModelContext(modelOptions.settings().apply(modelName), System.getenv(), Optional.empty());
            Model model = Workspace.models().resolve(modelName, context);
            ModelRequest request = new ModelRequest("You are checking that a tool connection works. Use the tool you are given.",
                    List.of(new Message.User("Call the ping tool with n = 7, and nothing else.")), List.of(PING), 1);
            out.println("model " + modelName + "  " + model.parameters());
            long start = System.nanoTime();
            ModelResponse response;
            try {
                response = model.generate(request);
            } catch (ModelException e) {
                out.printf("  failed after %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, plain(e));
                out.flush();
                return ExitCodes.PROVIDER;
            }
            out.printf("  reachable: yes, %d ms%n", (System.nanoTime() - start) / 1_000_000);
            out.println("  tool calls: " + (!response.toolCalls().isEmpty()
                    ? "yes (" + response.toolCalls().getFirst().name() + " " + response.toolCalls().getFirst().arguments() + ")"
                    : "no tool call in the answer" + (response.text().isBlank() ? "" : " (it wrote: \"" + abbreviate(response.text()) + "\")")
                    + "; try --tool-protocol text for runs"));
            out.println("  reasoning: " + (response.reasoning().isBlank() ? "none returned (it may need a thinking budget or reasoning effort)"
                    : "yes (" + response.reasoning().length() + " characters)"));
            out.printf("  usage: %d input, %d output, %d cache read, %d cache write tokens; stop reason %s%n",
                    response.usage().inputTokens(), response.usage().outputTokens(), response.usage().cacheReadTokens(),
                    response.usage().cacheWriteTokens(), response.stopReason());
            out.flush();
            return ExitCodes.OK;
        }

        private static String plain(ModelException e) {
            String what = switch (e.kind()) {
                case AUTH -> "the provider rejected the API key (check the variable it is read from)";
                case RATE_LIMITED -> "rate limited" + e.retryAfter().map(d -> ", retry after " + d.toSeconds() + " s").orElse("");
                case TRANSIENT -> "the provider is unreachable or failing (it may be worth retrying)";
                case INVALID_REQUEST -> "the provider refused the request";
            };
            return what + ": " + e.getMessage();
        }

        private static String abbreviate(String text) {
            String oneLine = text.replaceAll("\\s+", " ").strip();
            return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "…";
        }
    }
}
