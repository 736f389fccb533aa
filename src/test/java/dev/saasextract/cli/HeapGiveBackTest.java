package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.LoadListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The listener that gives the heap back after an export: every event still reaches the next listener, in order, and
 * the JVM's free ratios are as they were afterwards, so the next export can grow the heap again.
 */
class HeapGiveBackTest {
    private static final ExportProgress PROGRESS = new ExportProgress("GITLAB_DB_ISSUES", null, 0, 10,
            OptionalLong.of(10), OptionalLong.of(10), Duration.ofSeconds(1), true);

    @Test
    void passesEveryEventOnInOrder() {
        List<String> heard = new ArrayList<>();
        LoadListener giveBack = new HeapGiveBack(new LoadListener() {
            @Override
            public void rowsExpected(String table, long rows) {
                heard.add("expected " + rows);
            }

            @Override
            public void exportStarting(ExportProgress progress) {
                heard.add("starting");
            }

            @Override
            public void chunkStaged(ExportProgress progress) {
                heard.add("chunk");
            }

            @Override
            public void exportStaged(ExportProgress progress) {
                heard.add("staged " + progress.rows());
            }

            @Override
            public void loaded(String table, long rows) {
                heard.add("loaded " + rows);
            }

            @Override
            public void flagged(String table, long rows) {
                heard.add("flagged " + rows);
            }
        });

        giveBack.rowsExpected("GITLAB_DB_ISSUES", 10);
        giveBack.exportStarting(PROGRESS);
        giveBack.chunkStaged(PROGRESS);
        giveBack.exportStaged(PROGRESS);
        giveBack.loaded("GITLAB_DB_ISSUES", 10);
        giveBack.flagged("GITLAB_DB_ISSUES", 2);

        assertEquals(List.of("expected 10", "starting", "chunk", "staged 10", "loaded 10", "flagged 2"), heard);
    }

    @Test
    void theFreeRatiosAreRestoredAfterTheHeapIsGivenBack() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minFree = hotSpot.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();

        HeapGiveBack.giveBack();

        assertEquals(minFree, hotSpot.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(maxFree, hotSpot.getVMOption("MaxHeapFreeRatio").getValue());
    }
}
