package dev.saasextract.airflow;

import java.util.Locale;

/**
 * GitLab's task ids, {@code el-<table-with-dashes>-db-incremental-pgp-extract}. A character Airflow does not allow in
 * a task id is written as {@code .<hex code point>.}; a dot never comes from the key itself, so distinct keys keep
 * distinct ids, except {@code a_b} and {@code a-b}, as in GitLab's naming (the generator refuses that clash).
 */
final class TaskIds {
    /** Airflow refuses a longer task id, and with it the whole DAG file. */
    static final int MAX_LENGTH = 250;

    private TaskIds() {
    }

    static String daily(String tableKey, boolean incremental) {
        return "el-" + slug(tableKey) + (incremental ? "-db-incremental-pgp-extract" : "-db-scd-pgp-extract");
    }

    static String deletes(String tableKey) {
        return daily(tableKey, true) + "-deletes";
    }

    private static String slug(String tableKey) {
        StringBuilder slug = new StringBuilder();
        tableKey.codePoints().forEach(c -> {
            if (c == '_') {
                slug.append('-');
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-')) {
                slug.append((char) c);
            } else {
                slug.append('.').append(Integer.toHexString(c).toLowerCase(Locale.ROOT)).append('.');
            }
        });
        return slug.toString();
    }
}
