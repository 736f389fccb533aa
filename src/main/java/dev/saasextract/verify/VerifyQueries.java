package dev.saasextract.verify;

import java.util.Optional;

/**
 * The SQL of both sides, written once. Each side is first a per-key relation with the columns {@link #KEY},
 * {@link #ROWS}, {@link #UPDATED} and {@link #FLAGGED} over the keys between two bound parameters; the digest and
 * the key reads are the same standard SQL over that relation on every engine. Sums are exact: Postgres sums bigint
 * into numeric, DuckDB into HUGEINT, Snowflake into NUMBER(38).
 */
final class VerifyQueries {
    static final String KEY = "verify_key";
    static final String ROWS = "verify_rows";
    static final String UPDATED = "verify_updated_us";
    static final String FLAGGED = "verify_flagged";
    private static final String VERSION = "verify_version";
    // typed, so that sum() and max() over it are valid on every engine
    private static final String NULL_MICROS = "CAST(NULL AS BIGINT)";

    private VerifyQueries() {
    }

    /**
     * The source's keys: every row the query returns, grouped by key. {@code base} is the manifest query as a
     * complete statement; it is wrapped as a derived table, never cut.
     */
    static String sourcePerKey(Spelling s, String base, String key, Optional<String> updatedAt) {
        return "SELECT " + s.q(key) + " AS " + s.q(KEY) + ", count(*) AS " + s.q(ROWS) + ", "
                + updatedAt.map(column -> "max(" + s.epochMicros().apply(s.q(column)) + ")").orElse(NULL_MICROS)
                + " AS " + s.q(UPDATED) + ", 0 AS " + s.q(FLAGGED)
                + " FROM (" + base + ") AS " + s.q("source_rows")
                + " WHERE " + s.q(key) + " BETWEEN ? AND ? GROUP BY " + s.q(key);
    }

    /**
     * The warehouse's latest version of each key: the rows of its latest load (greatest {@code _uploaded_at}; a key's
     * rows are loaded together), with the greatest updated_at among them, flagged when one of them is
     * {@code is_deleted}. The key filter applies before the window, which partitions by the key, so each partition
     * is whole.
     */
    static String warehouseLatestPerKey(Spelling s, String qualifiedTable, String key, String uploadedAt,
            Optional<String> updatedAt, Optional<String> isDeleted) {
        String versions = "SELECT " + s.q(key) + " AS " + s.q(KEY) + ", "
                + updatedAt.map(column -> s.epochMicros().apply(s.q(column))).orElse(NULL_MICROS)
                + " AS " + s.q(UPDATED)
                + ", " + isDeleted.map(column -> "CASE WHEN " + s.q(column) + " THEN 1 ELSE 0 END").orElse("0")
                + " AS " + s.q(FLAGGED)
                + ", rank() OVER (PARTITION BY " + s.q(key) + " ORDER BY " + s.q(uploadedAt) + " DESC NULLS LAST)"
                + " AS " + s.q(VERSION)
                + " FROM " + qualifiedTable + " WHERE " + s.q(key) + " BETWEEN ? AND ?";
        return "SELECT " + s.q(KEY) + ", count(*) AS " + s.q(ROWS) + ", max(" + s.q(UPDATED) + ") AS " + s.q(UPDATED)
                + ", max(" + s.q(FLAGGED) + ") AS " + s.q(FLAGGED)
                + " FROM (" + versions + ") AS " + s.q("versions")
                + " WHERE " + s.q(VERSION) + " = 1 GROUP BY " + s.q(KEY);
    }

    /**
     * One row, over the unflagged keys of the relation: keys, rows, sum of keys, sum of rows times key, sum of
     * updated_at micros, keys with an updated_at. The product is taken as DECIMAL(38,0), which no engine overflows
     * for a bigint key times a row count.
     */
    static String digest(Spelling s, String perKey) {
        return "SELECT count(*), COALESCE(sum(" + s.q(ROWS) + "), 0), COALESCE(sum(" + s.q(KEY) + "), 0),"
                + " COALESCE(sum(CAST(" + s.q(ROWS) + " AS DECIMAL(38,0)) * " + s.q(KEY) + "), 0),"
                + " COALESCE(sum(" + s.q(UPDATED) + "), 0), count(" + s.q(UPDATED) + ")"
                + " FROM (" + perKey + ") AS " + s.q("per_key")
                + " WHERE " + s.q(FLAGGED) + " = 0";
    }

    /** Key, rows, updated_at micros of the relation's keys whose flag equals the third parameter, in key order. */
    static String keys(Spelling s, String perKey) {
        return "SELECT " + s.q(KEY) + ", " + s.q(ROWS) + ", " + s.q(UPDATED) + " FROM (" + perKey + ") AS "
                + s.q("per_key") + " WHERE " + s.q(FLAGGED) + " = ? ORDER BY " + s.q(KEY);
    }

    /** One row: the smallest and largest key of {@code relation} (a table name or a parenthesised query with alias). */
    static String span(Spelling s, String relation, String key) {
        return "SELECT min(" + s.q(key) + "), max(" + s.q(key) + ") FROM " + relation;
    }
}
