package dev.saasextract.stage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Object keys of staged files: {@code staging/<kind>/<target lower>/initial_load_start_<timestamp>/<file>.parquet}.
 * A file's name is a pure function of its chunk's lower key bound, so a retried chunk overwrites its earlier attempt
 * instead of adding a second copy.
 */
public final class StagingLayout {
    private static final String ROOT = "staging/";
    private static final String GITLAB_SUFFIX = ".parquet.gzip";
    // GitLab's format: isoformat(timespec='milliseconds') of the naive UTC time, lower-cased.
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private StagingLayout() {
    }

    /** Every load of one table and kind, e.g. {@code staging/backfill/gitlab_db_issues/}. */
    public static String tableFolder(LoadKind kind, String target) {
        return ROOT + kind.folder() + "/" + target.toLowerCase(Locale.ROOT) + "/";
    }

    /**
     * The folders a new load of this kind empties before it starts: {@link #tableFolder} and, where GitLab's pipeline
     * staged the kind elsewhere, its folder too. A load GitLab left unfinished there is never resumed (its files are
     * not this layout's), so without this its files would stay in the bucket once this tool took the table over.
     */
    public static List<String> foldersOfEarlierLoads(LoadKind kind, String target) {
        String gitlab = ROOT + kind.gitlabFolder() + "/" + target.toLowerCase(Locale.ROOT) + "/";
        String own = tableFolder(kind, target);
        return own.equals(gitlab) ? List.of(own) : List.of(own, gitlab);
    }

    /** The folder of one load. */
    public static String loadFolder(LoadKind kind, String target, Instant initialLoadStart) {
        String time = FOLDER_TIME.format(LocalDateTime.ofInstant(initialLoadStart, ZoneOffset.UTC));
        return tableFolder(kind, target) + "initial_load_start_" + time.toLowerCase(Locale.ROOT) + "/";
    }

    /** The file of the chunk that holds the keys after {@code after} (all keys when empty). */
    public static String chunkFile(LoadKind kind, String target, Instant initialLoadStart, OptionalLong after) {
        String name = after.isPresent() ? String.format(Locale.ROOT, "keys_after_%020d", after.getAsLong()) : "keys_from_start";
        return loadFolder(kind, target, initialLoadStart) + name + ".parquet";
    }

    /**
     * Whether GitLab's pipeline staged {@code key}: it names every file by its upload time with the suffix
     * {@code .parquet.gzip} ({@code …/2023-04-07t16:52:01.001_gitlab_db_issues.parquet.gzip}), which this layout never
     * writes.
     */
    public static boolean isGitlabPipelineFile(String key) {
        return key.endsWith(GITLAB_SUFFIX);
    }

    /**
     * The {@code index}-th file (from 0) of a load that streams one query without key ranges (regular incremental and
     * snapshot loads); such a load is never resumed, only restarted in a new folder.
     */
    public static String partFile(LoadKind kind, String target, Instant initialLoadStart, int index) {
        return loadFolder(kind, target, initialLoadStart) + String.format(Locale.ROOT, "part_%05d.parquet", index);
    }
}
