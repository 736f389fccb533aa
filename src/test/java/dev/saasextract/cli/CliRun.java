package dev.saasextract.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the CLI with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ExtractCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The stderr lines that are not log lines (logs go to System.err through logback, not to this writer). */
    String errorLine() {
        return err.strip();
    }
}
