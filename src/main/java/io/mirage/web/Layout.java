package io.mirage.web;

import io.mirage.report.html.Html;

/** The document around every page: head, style (allowed by the request's CSP nonce) and navigation. */
final class Layout {
    private Layout() {}

    /** The app's own chrome, on top of the report's shared style (whose colours, light and dark, it reuses). */
    static final String STYLE = """
            nav.app { display: flex; gap: 1.2rem; align-items: baseline; border-bottom: 1px solid var(--line);
                      padding: .2rem 0 .6rem; margin-bottom: .8rem; }
            nav.app strong { font-size: 1.1rem; }
            tbody tr:nth-child(even) { background: var(--panel); }
            .notice { border-left: 4px solid var(--link); padding: .35rem .8rem; background: var(--panel); }
            form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin: .5rem 0 1rem; }
            form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
            input, textarea { font: inherit; font-size: .9rem; background: var(--bg); color: var(--fg); border: 1px solid var(--line); }
            .rate { white-space: nowrap; }
            .stopped { font-size: .8rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; white-space: nowrap; }
            .pager { display: flex; gap: 1rem; margin: .5rem 0; }
            .labels section { border-top: 1px solid var(--line); padding-top: .2rem; }
            .label-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 1rem; align-items: start; }
            @media (max-width: 800px) { .label-grid { grid-template-columns: 1fr; } }
            .labels table { width: 100%; margin: 0; }
            .labels form { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; background: var(--panel); }
            .labels fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
            .labels legend { font-size: .85rem; color: var(--muted); padding: 0; width: 100%; }
            .labels form > label { display: block; margin: .4rem 0; font-size: .85rem; color: var(--muted); }
            .labels textarea { display: block; width: 100%; min-height: 2.6rem; }
            .evidence { font-size: .88rem; }
            /* one rollout per page here: the report hides transcripts until they are targeted */
            .served .transcript, .served article.rollout { display: block; }
            @media print { nav.app, form, .pager { display: none; } }
            """;

    static String page(String title, String nonce, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"same-origin\">"
                + "<title>" + Html.text(title) + " · Mirage</title>"
                + "<style nonce=\"" + Html.attr(nonce) + "\">" + Html.STYLE + "\n" + STYLE + "</style></head><body class=\"served\">"
                + "<nav class=\"app\"><strong>Mirage</strong><a href=\"/\">Runs</a><a href=\"/transcripts\">Transcripts</a>"
                + "<a href=\"/compare\">Compare</a></nav>\n"
                + body + "\n</body></html>\n";
    }
}
