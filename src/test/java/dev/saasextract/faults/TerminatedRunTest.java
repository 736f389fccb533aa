package dev.saasextract.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill stopped by SIGTERM, as Kubernetes stops a pod it evicts: the log ends with the run's summary saying so,
 * the JVM exits 143, and the next run resumes the backfill to a warehouse equal to the source.
 */
class TerminatedRunTest {
    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T");
    @TempDir
    Path dir;

    private static Instant loggedAt(String line) {
        return Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    @Test
    void aRunStoppedBySigtermEndsItsLogWithTheSummaryAndTheNextRunResumes() throws Exception {
        SourceTable table = SourceTable.byDate("terminated_backfill");
        ChildRig rig = new ChildRig(dir, table);
        rig.sourceSql(table.createSql(400));
        List<String> args = List.of("--table", table.spec().key(), "--chunk-rows", "50", "--now",
                "2026-11-24T01:00:00Z");

        ChildExtract.Outcome stopped = ChildExtract.run(rig.config, rig.manifest, args, 12, ChildExtract.Stop.TERM);

        String log = String.join("\n", stopped.output());
        String tail = String.join("\n", stopped.output().subList(Math.max(0, stopped.output().size() - 8),
                stopped.output().size()));
        assertEquals(143, stopped.exitCode(), log);
        List<String> summaries = stopped.output().stream().filter(line -> line.contains("[summary]")).toList();
        assertEquals(1, summaries.size(), log);
        String summary = summaries.get(0);
        assertTrue(summary.contains("[summary] done: table=" + table.target() + " action=terminated"), tail);
        assertTrue(summary.contains("error_class=TerminatedBySignal"), tail);
        // Nothing is logged after it: a line below it can only be one written as the signal came, not a later one.
        Instant summarized = loggedAt(summary);
        stopped.output().subList(stopped.output().indexOf(summary) + 1, stopped.output().size()).stream()
                .filter(line -> LOG_LINE.matcher(line).lookingAt())
                .forEach(line -> assertFalse(loggedAt(line).isAfter(summarized), tail));

        ChildExtract.Outcome next = ChildExtract.run(rig.config, rig.manifest, List.of("--table",
                table.spec().key(), "--chunk-rows", "50", "--now", "2026-11-24T01:10:00Z"), 0);

        String nextLog = String.join("\n", next.output());
        assertEquals(0, next.exitCode(), nextLog);
        assertTrue(nextLog.contains("decided step=backfill action=resume reason=mid_backfill"), nextLog);
        EndState.assertConsistent("after SIGTERM", new FaultTally(), rig.sourceAdmin, rig.metadataAdmin,
                rig.warehouseFile, rig.stagingRoot, table.target(),
                new Scenario.Expected(table.sourceRows(), table.warehouseRows(), Optional.empty()));
    }
}
