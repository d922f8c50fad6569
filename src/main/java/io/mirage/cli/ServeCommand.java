package io.mirage.cli;

import io.mirage.run.RunStore;
import io.mirage.web.AccessToken;
import io.mirage.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "serve", description = {
        "Browse the workspace's runs in a local web app: results, transcripts with filters, labelling by hand, "
                + "agreement with the detectors and judges, and two runs side by side. Stop it with Ctrl-C.",
        "A bind to a non-loopback address needs an access token in $" + AccessToken.ENV + " (at least "
                + AccessToken.MIN_LENGTH + " characters); every request must then carry it."})
final class ServeCommand implements Callable<Integer> {
    @Mixin Workspace workspace;
    @Spec CommandSpec command;

    @Option(names = "--port", defaultValue = "8484", paramLabel = "N", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) throw new UsageException("--port must be between 0 and 65535, not " + port);
        // The token comes only from the environment and is never printed.
        Optional<AccessToken> token = AccessToken.forBind(bind, System.getenv(AccessToken.ENV));
        PrintWriter out = command.commandLine().getOut();
        RunStore store = workspace.openExistingStore();
        WebServer server;
        try {
            server = WebServer.start(store, bind, port, token);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
        }, "mirage-serve-stop"));
        out.println("Serving " + workspace.dbName() + " at " + server.url());
        if (token.isPresent()) {
            out.println("Every request needs the access token from $" + AccessToken.ENV
                    + ": send 'Authorization: Bearer <token>', or open " + server.url() + "?token=<token> once in the browser.");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        server.awaitStop();
        return ExitCodes.OK;
    }
}
