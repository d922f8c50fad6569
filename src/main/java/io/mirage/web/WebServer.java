package io.mirage.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mirage.run.RunStore;
import io.mirage.run.StoreException;

import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mirage serve}: a local web app over one store — runs, a run's results and report,
 * transcripts with filters, labelling by hand, agreement and comparison of two runs. The store is
 * opened once by the caller and shared (its methods are synchronized). Only this package knows HTTP.
 */
public final class WebServer implements AutoCloseable {
    private final Javalin app;
    private final String host;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WebServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts serving {@code store} on {@code bind}:{@code port} (0 for any free port). Throws
     * IllegalArgumentException with a message for the user when the address cannot be bound.
     */
    public static WebServer start(RunStore store, String bind, int port, Optional<AccessToken> token) {
        boolean loopback = AccessToken.isLoopback(bind);
        RequestGuard guard = new RequestGuard(token, loopback, bind);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = 64 * 1024;
            config.routes.before(guard::handle);
            config.routes.get("/", ctx -> page(ctx, RunsPage.render(store)));
            config.routes.get("/runs/{run}", ctx -> page(ctx, RunPage.render(store, ctx.pathParam("run"), query(ctx))));
            config.routes.get("/runs/{run}/report", ctx -> ReportRoute.serve(ctx, store, ctx.pathParam("run")));
            config.routes.get("/runs/{run}/agreement", ctx -> page(ctx, AgreementPage.render(store, ctx.pathParam("run"))));
            config.routes.get("/runs/{run}/rollouts/{index}", ctx -> page(ctx, TranscriptPage.render(store, ctx.pathParam("run"),
                    index(ctx), ctx.attribute(RequestGuard.FORM_TOKEN), query(ctx))));
            config.routes.post("/runs/{run}/rollouts/{index}/labels", ctx -> {
                String run = ctx.pathParam("run");
                int index = index(ctx);
                String behaviour = TranscriptPage.saveLabel(store, run, index, ctx.formParam("behaviour"), ctx.formParam("value"), ctx.formParam("note"));
                ctx.status(303).header("Location", Links.rollout(run, index) + Links.query(Map.of("saved", behaviour)) + "#label-" + io.mirage.report.html.Html.idPart(behaviour));
            });
            config.routes.get("/transcripts", ctx -> page(ctx, TranscriptsPage.render(store, query(ctx))));
            config.routes.get("/compare", ctx -> page(ctx, ComparePage.render(store, query(ctx))));
            config.routes.exception(NotFound.class, (e, ctx) -> RequestGuard.refuse(ctx, 404, e.getMessage()));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> RequestGuard.refuse(ctx, 400, e.getMessage()));
            config.routes.exception(StoreException.class, (e, ctx) -> RequestGuard.refuse(ctx, 500, "The store could not be read: " + e.getMessage()));
        });
        try {
            app.start(bind, port);
        } catch (RuntimeException e) {
            app.stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new IllegalArgumentException("cannot listen on " + bind + ":" + port + " (" + t.getMessage()
                            + "): choose another port with --port, or --port 0 for any free one");
                }
            }
            throw e;
        }
        return new WebServer(app, bind);
    }

    private static void page(Context ctx, Page page) {
        ctx.contentType("text/html; charset=utf-8").result(Layout.page(page.title(), ctx.attribute(RequestGuard.NONCE), page.body()));
    }

    private static int index(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw new NotFound("no rollout '" + ctx.pathParam("index") + "'");
        }
    }

    /** The first value of each query parameter. */
    private static Map<String, String> query(Context ctx) {
        Map<String, String> q = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) q.put(k, v.getFirst());
        });
        return q;
    }

    public int port() {
        return app.port();
    }

    /** The address to open in a browser: a wildcard bind is reached through 127.0.0.1 on this machine. */
    public String url() {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return "http://" + h + ":" + port() + "/";
    }

    /** Blocks until {@link #close} is called (the command waits here while it serves). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        app.stop();
        stopped.countDown();
    }
}
