package dev.saasextract.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ConfigException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcsLocationTest {

    private static GcsLocation parse(String uri) {
        return GcsLocation.parse(URI.create(uri));
    }

    @Test
    void bucketOnly() {
        assertEquals(new GcsLocation("saas-pipeline-backfills", ""), parse("gs://saas-pipeline-backfills"));
        assertEquals(new GcsLocation("saas-pipeline-backfills", ""), parse("gs://saas-pipeline-backfills/"));
    }

    @Test
    void prefixWithOrWithoutTrailingSlash() {
        assertEquals(new GcsLocation("bucket", "some/prefix/"), parse("gs://bucket/some/prefix"));
        assertEquals(new GcsLocation("bucket", "some/prefix/"), parse("gs://bucket/some/prefix/"));
    }

    @Test
    void bucketNamesWithUnderscoresAndDotsAreValid() {
        assertEquals("saas_pipeline.backfills", parse("gs://saas_pipeline.backfills/x").bucket());
    }

    @Test
    void keysMapToObjectsUnderThePrefixAndBack() {
        GcsLocation location = parse("gs://bucket/some/prefix");
        String name = location.objectName("staging/backfill/t/a.parquet");

        assertEquals("some/prefix/staging/backfill/t/a.parquet", name);
        assertEquals("staging/backfill/t/a.parquet", location.keyOf(name));
        assertEquals("gs://bucket/some/prefix/staging/backfill/t/a.parquet", location.gsUri(name));
        assertEquals("gcs://bucket/some/prefix/staging/backfill/t/a.parquet", location.gcsUri(name));
        assertEquals("some/prefix/", location.objectPrefix(""));
        assertEquals("gs://bucket/some/prefix/", location.toString());
    }

    @Test
    void blankOrAbsoluteKeysAreRejected() {
        GcsLocation location = parse("gs://bucket");
        assertThrows(IllegalArgumentException.class, () -> location.objectName(""));
        assertThrows(IllegalArgumentException.class, () -> location.objectName("/staging/a.parquet"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://bucket/prefix",      // another scheme
        "gs:///prefix",            // empty bucket
        "gs:/prefix",              // no authority at all
        "gs://Bucket",             // upper case is not a bucket name
        "gs://-bucket",            // must start with a letter or digit
        "gs://user@bucket",        // no user info
        "gs://bucket:443",         // no port
        "gs://bucket//prefix",     // empty path segment
        "gs://bucket/a/../b",      // no dot segments
        "gs://bucket/prefix?x=1",  // no query
    })
    void invalidLocationsAreConfigErrorsNamingTheValue(String uri) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(uri));
        assertTrue(e.getMessage().startsWith("staging: " + uri + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(expected gs://bucket[/prefix])"), e.getMessage());
    }
}
