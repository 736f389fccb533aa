package dev.saasextract.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes a key-ordered read into a file one key group behind: the rows of the newest key are held until a row with
 * another key arrives. A read cut off by its row limit may have cut that last group, so the caller drops it and the
 * next chunk starts with it; a key is never split between two files. With a unique key the group held is one row.
 *
 * <p>Holds at most {@code maxHeldBytes} of tuples; a bigger group ends the read with {@link GroupTooLargeException}.
 */
final class KeyGroupWriter {
    /** The newest key's rows are too many to hold; the caller finds the chunk's end another way. */
    static final class GroupTooLargeException extends RuntimeException {
        GroupTooLargeException(long key) {
            super("the rows of key " + key + " are too many to hold", null, false, false);
        }
    }

    private final StagedFiles.File file;
    private final long maxHeldBytes;
    private final List<byte[]> held = new ArrayList<>();
    private long heldBytes;
    private long heldKey;
    private boolean written;
    private long writtenUpTo;

    KeyGroupWriter(StagedFiles.File file, long maxHeldBytes) {
        this.file = file;
        this.maxHeldBytes = maxHeldBytes;
    }

    /** Takes the next row of the read, whose keys never decrease. */
    void add(long key, byte[] tuple) {
        if (!held.isEmpty() && key != heldKey) {
            writeHeld();
        }
        heldKey = key;
        held.add(tuple);
        heldBytes += tuple.length;
        if (heldBytes > maxHeldBytes) {
            throw new GroupTooLargeException(key);
        }
    }

    /** The read ended before its limit: the last group is complete, and goes into the file too. */
    void readToTheEnd() {
        if (!held.isEmpty()) {
            writeHeld();
        }
    }

    /** The highest key written to the file; empty while every row read so far shares one key. */
    OptionalLong writtenUpTo() {
        return written ? OptionalLong.of(writtenUpTo) : OptionalLong.empty();
    }

    private void writeHeld() {
        for (byte[] tuple : held) {
            file.write(tuple);
        }
        written = true;
        writtenUpTo = heldKey;
        held.clear();
        heldBytes = 0;
    }
}
