package dev.saasextract.cli;

import dev.saasextract.badinput.CapturedRun;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the CLI with captured stdout and stderr, and the log (which logback writes to the process's
 * stderr, not to the command's writers).
 */
record CliRun(int exitCode, String out, String err, String log) {
    static CliRun of(Map<String, String> env, String... args) {
        CapturedRun run = CapturedRun.of(env, List.of(args));
        return new CliRun(run.exitCode(), run.out(), run.err(), run.log());
    }

    /** The stderr lines that are not log lines. */
    String errorLine() {
        return err.strip();
    }
}
