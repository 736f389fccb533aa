package dev.saasextract.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one line on stderr that ends a refused or failed run. With {@code --log-format json} it is a JSON object like
 * every log line before it, so that a log pipeline reading stderr line by line (the image's default) parses it, keeps
 * its level and finds the stack trace of {@code --verbose} in a field rather than as loose lines.
 */
final class ErrorLine {
    private static final String LOGGER = ExtractCli.class.getName();
    private static final String OPTION = "--log-format";

    private final boolean json;
    private final boolean verbose;

    private ErrorLine(boolean json, boolean verbose) {
        this.json = json;
        this.verbose = verbose;
    }

    /**
     * Reads the format from the arguments themselves, since a usage error stops picocli before it sets any option;
     * an unknown value means text.
     */
    static ErrorLine forArguments(List<String> args) {
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(OPTION) && i + 1 < args.size()) {
                json = "json".equalsIgnoreCase(args.get(i + 1));
            } else if (arg.startsWith(OPTION + "=")) {
                json = "json".equalsIgnoreCase(arg.substring(OPTION.length() + 1));
            }
        }
        return new ErrorLine(json, args.contains("--verbose"));
    }

    /** Prints {@code message} (one line, no {@code extract:} prefix) for a run that exits with {@code exitCode}. */
    void print(PrintWriter err, String message, Throwable cause, int exitCode) {
        if (json) {
            err.println(jsonLine(message, cause, exitCode));
        } else {
            err.println("extract: " + message);
            if (verbose && cause != null) {
                cause.printStackTrace(err);
            }
        }
        err.flush();
    }

    private String jsonLine(String message, Throwable cause, int exitCode) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Json.instant(Instant.now()));
        line.put("level", "ERROR");
        line.put("logger", LOGGER);
        line.put("message", "extract: " + message);
        line.put("event", "exit");
        line.put("exit_code", exitCode);
        if (cause != null) {
            // as the summary names it: the class's package is internal
            line.put("error_class", cause.getClass().getSimpleName());
            if (verbose) {
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                line.put("stack_trace", trace.toString());
            }
        }
        return Json.write(line);
    }
}
