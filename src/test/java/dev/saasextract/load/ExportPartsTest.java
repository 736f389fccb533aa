package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class ExportPartsTest {

    @Test
    void aFileOfNoRowsIsRefusedBeforeAnyExportStarts() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new ExportParts(null, null, Clock.systemUTC(), 0, null));
        assertEquals("chunk rows must be positive: 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExportParts(null, null, Clock.systemUTC(), -5, null));
        assertEquals(1, new ExportParts(null, null, Clock.systemUTC(), 1, null).chunkRows());
    }
}
