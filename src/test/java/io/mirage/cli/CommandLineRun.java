package io.mirage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command line run in-process, as a user would type it: exit code and what it printed. */
record CommandLineRun(int code, String out, String err) {
    static CommandLineRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandLineRun(code, out.toString(), err.toString());
    }
}
