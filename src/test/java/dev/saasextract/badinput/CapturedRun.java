package dev.saasextract.badinput;

import dev.saasextract.cli.ExtractCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import java.util.stream.Stream;

/**
 * One in-process run of the CLI with everything it prints: the command's stdout and stderr writers, and what reached
 * the process's own {@code System.out} and {@code System.err} meanwhile, which is where logback writes the log, and
 * what drivers log through java.util.logging (Snowflake's does), which would reach the real stderr.
 *
 * @param log what the process printed besides the command's writers (the log, in the format the run chose)
 */
public record CapturedRun(int exitCode, String out, String err, String log) {

    /** Tests run one at a time in this JVM (no parallel surefire), so swapping the process streams is safe. */
    public static CapturedRun of(Map<String, String> env, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        int code;
        try (PrintStream capture = new PrintStream(process, true, StandardCharsets.UTF_8)) {
            StreamHandler jul = new StreamHandler(capture, new SimpleFormatter());
            julRoot.addHandler(jul);
            System.setOut(capture);
            System.setErr(capture);
            try {
                code = ExtractCli.run(args.toArray(String[]::new), env, new PrintWriter(out, true),
                        new PrintWriter(err, true));
            } finally {
                jul.flush();
                julRoot.removeHandler(jul);
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new CapturedRun(code, out.toString(), err.toString(), process.toString(StandardCharsets.UTF_8));
    }

    /** The lines a user sees on stderr: the log lines and the command's own. */
    public List<String> stderrLines() {
        return Stream.concat(log.lines(), err.lines()).filter(line -> !line.isBlank()).toList();
    }

    /** Everything the run printed anywhere. */
    public String everything() {
        return out + err + log;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- log\n" + log;
    }
}
