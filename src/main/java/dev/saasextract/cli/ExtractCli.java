package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line and maps every failure to one line on stderr ({@link ErrorLine}, JSON with
 * {@code --log-format json}) and an exit code: 2 for usage, config and manifest errors (retrying will not help), 1 for
 * anything else (safe to retry). Stack traces only with --verbose.
 */
public final class ExtractCli {
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int INVALID_INPUT = 2;

    private ExtractCli() {
    }

    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Logging.routeDriverLogs();
        ErrorLine errorLine = ErrorLine.forArguments(Arrays.asList(args));
        CommandLine cli = new CommandLine(new ExtractCommand(env));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            errorLine.print(err, oneLine(ex) + " (see 'extract --help')", null, INVALID_INPUT);
            return INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int exitCode = ex instanceof InvalidInputException ? INVALID_INPUT : RUNTIME_FAILURE;
            errorLine.print(err, oneLine(ex), ex, exitCode);
            return exitCode;
        });
        cli.setExecutionStrategy(parseResult -> {
            refuseOptionsBeforeTheCommandName(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only exceptions to the handler above; these would print a trace of hundreds of lines.
            errorLine.print(err, "the JVM ran out of " + (e instanceof OutOfMemoryError ? "memory" : "stack") + " ("
                    + oneLine(e) + "); a run's memory does not grow with its table, so this is a bug or an input far"
                    + " beyond any real one", e, RUNTIME_FAILURE);
            return RUNTIME_FAILURE;
        }
    }

    /**
     * {@code extract --config f status} would parse {@code --config} into the top-level command, which does not run
     * when a command does, and so run {@code status} on the default configuration without a word: refuse it.
     */
    private static void refuseOptionsBeforeTheCommandName(ParseResult parseResult) {
        if (!parseResult.hasSubcommand() || parseResult.matchedOptions().isEmpty()) {
            return;
        }
        String command = parseResult.subcommand().commandSpec().name();
        String option = parseResult.matchedOptions().get(0).longestName();
        throw new ParameterException(parseResult.commandSpec().commandLine(), option + " must follow the command"
                + " name: extract " + command + " " + option + " …");
    }

    /**
     * The message, with the root cause's when it adds something, on one line. Bad input's message is written whole
     * for the user ({@link InvalidInputException}): a parser's cause would only repeat it at length.
     */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        if (e instanceof InvalidInputException) {
            return singleLine(message);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        message = singleLine(message);
        // A driver's message may go on after its first line (Postgres' "Position: 507"): the first says what it is.
        if (root != e && root.getMessage() != null
                && !message.contains(root.getMessage().lines().findFirst().orElse("").strip())) {
            message = message + ": " + singleLine(root.getMessage());
        }
        return root instanceof FileSystemException file && file.getReason() == null
                ? message + " (" + fileProblem(file) + ")" : message;
    }

    /** What java.nio's exceptions say by their class alone: their message is only the path. */
    private static String fileProblem(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        return e.getClass().getSimpleName();
    }

    private static String singleLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
