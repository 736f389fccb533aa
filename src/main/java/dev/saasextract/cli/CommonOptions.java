package dev.saasextract.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes (CONTRACT §1). */
public final class CommonOptions {
    static final String DEFAULT_MANIFEST = "manifests/gitlab_com_db_manifest.yaml";
    static final String DEFAULT_CONFIG = "extract.yaml";
    static final long DEFAULT_CHUNK_ROWS = 5_000_000L;
    /** Far beyond any sensible file, and far from the long arithmetic a chunk's LIMIT n+1 does. */
    static final long MAX_CHUNK_ROWS = 1_000_000_000L;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest (default: $EXTRACT_MANIFEST, else " + DEFAULT_MANIFEST + ").")
    Path manifest;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration (default: $EXTRACT_CONFIG, else ./" + DEFAULT_CONFIG
                    + "; without one, the embedded default under ./demo).")
    Path config;

    @Option(names = "--now", paramLabel = "ISO-8601",
            description = "Fix the clock at this instant for every time rule, for the whole run: it does not advance"
                    + " (default: system clock).")
    String now;

    @Option(names = "--chunk-rows", paramLabel = "N", description = "Rows per staged file (default: 5,000,000).")
    Long chunkRows;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log format (default: text).")
    LogFormat logFormat = LogFormat.text;

    @Option(names = "--verbose", description = "Debug logs, and stack traces with errors.")
    boolean verbose;

    enum LogFormat { text, json }
}
