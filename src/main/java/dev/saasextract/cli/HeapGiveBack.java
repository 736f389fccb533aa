package dev.saasextract.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.saasextract.load.ExportProgress;
import dev.saasextract.load.ForwardingLoadListener;
import dev.saasextract.load.LoadListener;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes every event on; once an export has staged its last file, also shrinks the Java heap to what is live and
 * returns the rest to the OS. An export wants room: in a heap kept tight by small free ratios the Parquet row group
 * being built fills the old generation and every other collection is a full one (at 5M rows, 75 full collections took
 * 2.7 s of a 12 s export). The warehouse load after it needs little Java heap but, with the embedded DuckDB, native
 * memory: giving the heap back first keeps the run's peak RSS where the export alone puts it.
 *
 * <p>The free ratios are manageable flags: they are tightened for a few explicit collections, which shrink the heap,
 * and restored, so the next export can grow it again. Without the HotSpot management bean nothing is given back.
 */
final class HeapGiveBack extends ForwardingLoadListener {
    private static final Logger LOG = LoggerFactory.getLogger(HeapGiveBack.class);
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";
    /**
     * The serial collector shrinks the old generation by 0 %, 10 %, 40 %, then 100 % of the excess on successive
     * explicit collections (it damps shrinking for programs that call System.gc() between phases).
     */
    private static final int DAMPED_COLLECTIONS = 4;

    HeapGiveBack(LoadListener next) {
        super(next);
    }

    @Override
    public void exportStaged(ExportProgress progress) {
        super.exportStaged(progress);
        giveBack();
    }

    static void giveBack() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return;
        }
        String minFree = hotSpot.getVMOption(MIN_FREE).getValue();
        String maxFree = hotSpot.getVMOption(MAX_FREE).getValue();
        long committed = committedHeap();
        try {
            // Min before max going down, max before min going up: the JVM refuses min > max at every step.
            hotSpot.setVMOption(MIN_FREE, "0");
            hotSpot.setVMOption(MAX_FREE, "10");
            for (int i = 0; i < DAMPED_COLLECTIONS; i++) {
                System.gc();
            }
        } catch (IllegalArgumentException | SecurityException e) {
            LOG.debug("heap not given back: {}", e.getMessage());
        } finally {
            hotSpot.setVMOption(MAX_FREE, maxFree);
            hotSpot.setVMOption(MIN_FREE, minFree);
        }
        LOG.debug("heap given back after the export: {} MB committed, now {} MB", committed >> 20,
                committedHeap() >> 20);
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
