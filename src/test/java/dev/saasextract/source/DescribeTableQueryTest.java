package dev.saasextract.source;

import static dev.saasextract.source.Specs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ManifestException;
import dev.saasextract.manifest.TableSpec;
import dev.saasextract.retry.Retrier;
import dev.saasextract.retry.RetryPolicy;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The one rule, used by the pre-run check and the planner alike: a query the source rejects is a manifest error. */
class DescribeTableQueryTest {
    private PostgresSource source;

    @BeforeEach
    void issuesTable() throws Exception {
        DataSource dataSource = TestPostgres.dataSource(TestPostgres.newDatabase());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE issues (id bigint PRIMARY KEY, title text)");
        }
        source = new PostgresSource(dataSource);
    }

    @Test
    void aUsableQueryGivesItsColumns() {
        List<ColumnSpec> columns = source.describe(table("issues", "SELECT id, title FROM issues"),
                "SELECT id, title FROM issues");
        assertEquals(List.of("id", "title"), columns.stream().map(ColumnSpec::name).toList());
    }

    @Test
    void aMissingTableIsAManifestErrorNamingTheTableKeyAndManifestKey() {
        TableSpec spec = table("merge_requests", "SELECT id FROM merge_requestz");
        ManifestException e = assertThrows(ManifestException.class,
                () -> source.describe(spec, "SELECT id FROM merge_requestz"));
        assertEquals("table 'merge_requests': import_query: the source rejects it: ERROR: relation \"merge_requestz\""
                + " does not exist", e.getMessage());
    }

    @Test
    void aMissingColumnIsAManifestError() {
        TableSpec spec = table("issues", "SELECT id, titel FROM issues");
        ManifestException e = assertThrows(ManifestException.class,
                () -> source.describe(spec, "SELECT id, titel FROM issues"));
        assertTrue(e.getMessage().startsWith("table 'issues': import_query: the source rejects it: ERROR: column"
                + " \"titel\" does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aColumnReturnedTwiceIsAManifestErrorNamingTheTable() {
        TableSpec spec = table("issues", "SELECT id, title, title FROM issues");
        ManifestException e = assertThrows(ManifestException.class,
                () -> source.describe(spec, "SELECT id, title, title FROM issues"));
        assertEquals("table 'issues': import_query: query returns column 'title' more than once; give it an alias",
                e.getMessage());
    }

    @Test
    void anUnreachableSourceStaysARuntimeFailure() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setDatabaseName("gitlab");
        nowhere.setConnectTimeout(2);
        PostgresSource unreachable = new PostgresSource(nowhere, 100, Optional.empty(),
                Retrier.forSql(RetryPolicy.NONE, wait -> { }));
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> unreachable.describe(table("issues", "SELECT id FROM issues"), "SELECT id FROM issues"));
        assertTrue(e.getMessage().startsWith("source Postgres, describing query: "), e.getMessage());
    }
}
