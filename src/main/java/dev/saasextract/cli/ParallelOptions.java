package dev.saasextract.cli;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.load.ExportParallelism;
import dev.saasextract.plan.Shard;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --parallel N} and {@code --shard i/n}: how a backfill's export is spread over threads and runs. */
final class ParallelOptions {
    /** Beyond this a plan has thousands of ranges and as many metadata rows before the first file. */
    static final int MAX_SHARDS = 256;
    private static final Pattern SHARD = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    @Option(names = "--parallel", paramLabel = "N",
            description = "Backfill: read N key ranges at once (1.." + ExportParallelism.MAX_READERS + ", default 1).")
    Integer parallel;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Backfill: be shard i of n runs (i from 0 to n-1) exporting one load together.")
    String shard;

    ExportParallelism resolve() {
        int readers = parallel == null ? 1 : parallel;
        if (readers < 1 || readers > ExportParallelism.MAX_READERS) {
            throw new InvalidInputException("--parallel: must be 1 to " + ExportParallelism.MAX_READERS + ", got "
                    + readers);
        }
        return new ExportParallelism(readers, Optional.ofNullable(shard).map(ParallelOptions::parseShard));
    }

    boolean sharded() {
        return shard != null;
    }

    static Shard parseShard(String text) {
        Matcher m = SHARD.matcher(text.strip());
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int count = Integer.parseInt(m.group(2));
            if (count >= 1 && count <= MAX_SHARDS && index < count) {
                return new Shard(index, count);
            }
        }
        throw new InvalidInputException("--shard: expected i/n with 1 <= n <= " + MAX_SHARDS
                + " and 0 <= i < n (shards count from 0), got '" + text + "'");
    }
}
