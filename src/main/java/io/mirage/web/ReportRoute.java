package io.mirage.web;

import io.javalin.http.Context;
import io.mirage.run.RunStore;

/** The run's self-contained HTML report, served as the report command writes it. */
final class ReportRoute {
    private ReportRoute() {}

    static void serve(Context ctx, RunStore store, String runId) {
        store.run(runId).orElseThrow(() -> new NotFound("no run '" + runId + "' in this store"));
        throw new NotFound("the HTML report is not available in this build yet");
    }
}
