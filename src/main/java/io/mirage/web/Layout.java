package io.mirage.web;

/** The document around every page: head, style (allowed by the request's CSP nonce) and navigation. */
final class Layout {
    private Layout() {}

    /** Styles of the app's own chrome; the report's shared styles come first. */
    static final String STYLE = """
            :root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #5a6470; --line: #d0d7de;
                    --accent: #0b5cad; --yes: #b42318; --no: #1a7f37; --ind: #8a6d00; --row: #f6f8fa; }
            @media (prefers-color-scheme: dark) {
              :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9aa5b1; --line: #30363d; --accent: #58a6ff;
                      --yes: #ff7b72; --no: #3fb950; --ind: #d29922; --row: #161b22; } }
            body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto;
                   max-width: 1200px; padding: 0 1rem 3rem; }
            nav.app { display: flex; gap: 1.2rem; align-items: baseline; border-bottom: 1px solid var(--line);
                      padding: .7rem 0; margin-bottom: 1rem; }
            nav.app strong { font-size: 1.1rem; }
            a { color: var(--accent); }
            table { border-collapse: collapse; margin: .5rem 0 1rem; }
            th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
            tbody tr:nth-child(even) { background: var(--row); }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .muted { color: var(--muted); }
            .v-yes { color: var(--yes); font-weight: 600; } .v-no { color: var(--no); } .v-indeterminate, .v-unsure { color: var(--ind); }
            form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin: .5rem 0 1rem; }
            form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
            .labels section { border-top: 1px solid var(--line); padding-top: .3rem; }
            .label-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 1rem; align-items: start; }
            @media (max-width: 800px) { .label-grid { grid-template-columns: 1fr; } }
            .labels table { width: 100%; margin: 0; }
            .labels form { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; }
            .labels legend { font-size: .85rem; color: var(--muted); padding: 0; }
            .labels label { display: inline-block; }
            .labels form > label { display: block; margin: .4rem 0; font-size: .85rem; color: var(--muted); }
            .evidence { font-size: .9em; }
            .labels fieldset { border: 0; padding: 0; margin: 0; display: inline-flex; gap: .8rem; }
            .labels textarea { width: 100%; min-height: 2.5rem; }
            .pager { display: flex; gap: 1rem; margin: .5rem 0; }
            .notice { border-left: 4px solid var(--accent); padding: .3rem .8rem; background: var(--row); }
            pre { white-space: pre-wrap; word-break: break-word; }
            @media print { nav.app, form, .pager { display: none; } }
            """;

    static String page(String title, String nonce, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"same-origin\">"
                + "<title>" + Esc.text(title) + " · Mirage</title>"
                + "<style nonce=\"" + Esc.attr(nonce) + "\">" + STYLE + "</style></head><body>"
                + "<nav class=\"app\"><strong>Mirage</strong><a href=\"/\">Runs</a><a href=\"/transcripts\">Transcripts</a>"
                + "<a href=\"/compare\">Compare</a></nav>\n"
                + body + "\n</body></html>\n";
    }
}
