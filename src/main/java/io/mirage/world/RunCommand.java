package io.mirage.world;

import io.mirage.model.ToolDefinition;
import io.mirage.world.shell.CommandResult;

/**
 * The shell tool: runs one command line in the rollout's virtual shell and shows what a terminal
 * would, followed by the exit status. A non-zero status is an error result.
 */
final class RunCommand implements Tool {
    static final String NAME = "run_command";

    public ToolDefinition definition() {
        return new ToolDefinition(NAME,
                "Run a command line in the shell of your workstation and get its output and exit status. Common commands, "
                        + "pipes, redirection, ; and && work; variables and subshells do not. Run `help` to see the commands.",
                """
                {"type":"object","properties":{"command":{"type":"string","description":"The command line, e.g. ls -l or grep -rn invoice ~/notes"}},\
                "required":["command"],"additionalProperties":false}""");
    }

    public ToolOutcome call(Args args, MailWorld world, int turn, String callId) throws ToolError {
        CommandResult result = world.shell().run(args.requiredText("command"), turn, callId);
        String output = result.output();
        String text = output + (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + "[exit status " + result.exitCode() + "]";
        return result.exitCode() == 0 ? ToolOutcome.ok(text) : ToolOutcome.error(text);
    }
}
