package dev.saasextract.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code extract} ({@link dev.saasextract.cli.Main}) in a child JVM with the test classpath, reading its merged
 * stdout and stderr as it goes, and kills it with SIGKILL ({@link Process#destroyForcibly}) right after it printed a
 * chosen number of lines once its export started: with {@code --verbose} every chunk boundary, read, file, metadata
 * row and warehouse statement prints one, so the kill lands among the steps of the run.
 */
final class ChildExtract {
    /** Printed when a keyed export starts (backfill, by id, deletes), after planning. */
    private static final Pattern WORK_STARTS = Pattern.compile(": exporting keys ");
    private static final long TIMEOUT_SECONDS = 120;

    /** How a run ended: killed after {@code lastLine}, or exited with {@code exitCode}. */
    record Outcome(boolean killed, int exitCode, String lastLine, List<String> output) {
    }

    private ChildExtract() {
    }

    /** How the child is stopped: SIGKILL, as a crash, or SIGTERM, as Kubernetes stops a pod it evicts. */
    enum Stop {
        KILL, TERM
    }

    /**
     * @param killAfter kill after this many lines following the start of the export; 0 lets the run finish
     */
    static Outcome run(Path config, Path manifest, List<String> args, int killAfter) throws IOException,
            InterruptedException {
        return run(config, manifest, args, killAfter, Stop.KILL);
    }

    /**
     * @param stopAfter stop the child with {@code stop} after this many lines following the start of the export; 0
     *                  lets the run finish
     */
    static Outcome run(Path config, Path manifest, List<String> args, int stopAfter, Stop stop) throws IOException,
            InterruptedException {
        // A SIGKILLed JVM never deletes what it extracted to its temp folder (DuckDB's 58 MB native library): keep
        // that in the scenario's own folder, which the test removes.
        Path temp = Files.createDirectories(config.resolveSibling("child-tmp"));
        // The suite starts ~70 children; skipping the verification of the classes javac built saves ~0.45 s of each
        // one's start, beside the class-data archive of ChildClassPath.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote",
                "-Djava.io.tmpdir=" + temp));
        command.addAll(ChildClassPath.jvmOptions());
        command.addAll(List.of("dev.saasextract.cli.Main",
                "--config", config.toString(), "--manifest", manifest.toString(), "--verbose"));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        int sinceStart = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (sinceStart < 0 && WORK_STARTS.matcher(line).find()) {
                    sinceStart = 0;
                } else if (sinceStart >= 0) {
                    sinceStart++;
                }
                if (stopAfter > 0 && sinceStart == stopAfter) {
                    if (stop == Stop.KILL) {
                        child.destroyForcibly().waitFor();
                        return new Outcome(true, child.exitValue(), line, output);
                    }
                    // not Process.destroy(): it closes the child's output, whose last lines are the point here
                    new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor();
                }
            }
        } finally {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException("extract did not end within " + TIMEOUT_SECONDS + " s: " + args);
            }
        }
        return new Outcome(false, child.exitValue(), output.isEmpty() ? "" : output.get(output.size() - 1), output);
    }
}
