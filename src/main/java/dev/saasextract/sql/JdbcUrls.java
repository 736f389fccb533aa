package dev.saasextract.sql;

/** JDBC URLs as logs and error lines show them. */
public final class JdbcUrls {
    private JdbcUrls() {
    }

    /**
     * The URL without its query, whose parameters may carry credentials (Snowflake's, a driver's options), and
     * without a {@code user:password@} before the host. The config refuses both; this keeps a log line clean whatever
     * reached it.
     */
    public static String forLogs(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
        int authority = authorityStart(base);
        int at = authority < 0 ? -1 : userInfoEnd(base, authority);
        return at < 0 ? base : base.substring(0, authority) + base.substring(at + 1);
    }

    /** Whether the URL names credentials before its host, as in {@code jdbc:postgresql://user:secret@host/db}. */
    public static boolean hasUserInfo(String jdbcUrl) {
        int authority = authorityStart(jdbcUrl);
        return authority >= 0 && userInfoEnd(jdbcUrl, authority) >= 0;
    }

    private static int authorityStart(String url) {
        int slashes = url.indexOf("//");
        return slashes < 0 ? -1 : slashes + 2;
    }

    /** The last {@code @} of the authority (a password may hold an {@code @}), or -1. */
    private static int userInfoEnd(String url, int authority) {
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.lastIndexOf('@', end - 1) >= authority ? url.lastIndexOf('@', end - 1) : -1;
    }
}
