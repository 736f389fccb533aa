package dev.saasextract.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void logsShowNeitherTheQueryNorCredentialsBeforeTheHost() {
        assertEquals("jdbc:postgresql://host:5432/gitlab?…",
                JdbcUrls.forLogs("jdbc:postgresql://host:5432/gitlab?user=x&sslpassword=hunter2"));
        assertEquals("jdbc:postgresql://host:5432/gitlab",
                JdbcUrls.forLogs("jdbc:postgresql://extractor:hunt@r2@host:5432/gitlab"));
        assertEquals("jdbc:snowflake://acct.snowflakecomputing.com/?…",
                JdbcUrls.forLogs("jdbc:snowflake://loader:hunter2@acct.snowflakecomputing.com/?db=RAW"));
        assertEquals("jdbc:duckdb:/data/w@rehouse.duckdb", JdbcUrls.forLogs("jdbc:duckdb:/data/w@rehouse.duckdb"));
    }

    @Test
    void credentialsBeforeTheHostAreFoundInTheAuthorityOnly() {
        assertTrue(JdbcUrls.hasUserInfo("jdbc:postgresql://extractor:hunter2@host/gitlab"));
        assertTrue(JdbcUrls.hasUserInfo("jdbc:snowflake://loader@acct.snowflakecomputing.com"));
        assertFalse(JdbcUrls.hasUserInfo("jdbc:postgresql://host/gitlab?options=a@b"));
        assertFalse(JdbcUrls.hasUserInfo("jdbc:postgresql://host/git@lab"));
        assertFalse(JdbcUrls.hasUserInfo("jdbc:duckdb:/data/w@rehouse.duckdb"));
    }
}
