package dev.saasextract.sql;

/** JDBC URLs as logs and error lines show them. */
public final class JdbcUrls {
    private JdbcUrls() {
    }

    /** The URL without its query, whose parameters may carry credentials (Snowflake's, a driver's options). */
    public static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }
}
