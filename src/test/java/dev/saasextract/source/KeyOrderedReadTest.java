package dev.saasextract.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ColumnType.Kind;
import dev.saasextract.testing.TestPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PostgresSource#readInKeyOrder}, the resumable stream of regular loads: the keys it decodes from each tuple,
 * whatever the key's integer type and position, in key order, after a given key.
 */
class KeyOrderedReadTest {
    private PostgresSource source;

    @BeforeEach
    void rows() throws SQLException {
        // Text and NULL fields before the key, so its offset depends on the lengths of the fields before it.
        String database = TestPostgres.newDatabase("CREATE TABLE events (note text, maybe integer, k bigint)",
                "INSERT INTO events SELECT repeat('x', g % 13), CASE WHEN g % 2 = 0 THEN g END, 1000 - g * 3"
                        + " FROM generate_series(0, 99) g",
                "INSERT INTO events VALUES ('no key', 1, NULL)");
        source = new PostgresSource(TestPostgres.dataSource(database));
    }

    @ParameterizedTest(name = "{0} key")
    @ValueSource(strings = {"smallint", "integer", "bigint"})
    void decodesTheKeyOfEveryRowInKeyOrder(String type) {
        List<Long> keys = new ArrayList<>();

        long rows = source.readInKeyOrder("SELECT note, maybe, k::" + type + " AS k FROM events", "k",
                OptionalLong.empty(), (key, tuple) -> keys.add(key));

        assertEquals(100, rows, "the row without a key is left out");
        List<Long> expected = new ArrayList<>();
        for (long k = 1000 - 99 * 3; k <= 1000; k += 3) {
            expected.add(k);
        }
        assertEquals(expected, keys);
    }

    @Test
    void readsOnlyTheKeysAfterTheGivenOne() {
        List<Long> keys = new ArrayList<>();

        source.readInKeyOrder("SELECT * FROM events", "k", OptionalLong.of(990), (key, tuple) -> keys.add(key));

        assertEquals(List.of(991L, 994L, 997L, 1000L), keys);
    }

    @Test
    void negativeKeysDecodeAsNegative() {
        List<Long> keys = new ArrayList<>();

        source.readInKeyOrder("SELECT -k AS k FROM events", "k", OptionalLong.of(-710), (key, tuple) -> keys.add(key));

        assertEquals(List.of(-709L, -706L, -703L), keys.subList(0, 3));
        assertTrue(keys.stream().allMatch(k -> k < 0), keys.toString());
    }

    @Test
    void aKeyThatIsNotAnIntegerOfTwoFourOrEightBytesIsRefused() {
        List<ColumnSpec> columns = List.of(new ColumnSpec("k", ColumnType.of(Kind.BIGINT, "int8")));
        byte[] nullKey = {0, 1, -1, -1, -1, -1};
        byte[] threeBytes = {0, 1, 0, 0, 0, 3, 1, 2, 3};

        int field = CopyTupleKeys.fieldIndex(columns, "k");

        assertTrue(assertThrows(SourceReadException.class, () -> CopyTupleKeys.integerAt(nullKey, field))
                .getMessage().contains("is NULL"));
        assertTrue(assertThrows(SourceReadException.class, () -> CopyTupleKeys.integerAt(threeBytes, field))
                .getMessage().contains("3 bytes long"));
        assertThrows(SourceReadException.class, () -> CopyTupleKeys.fieldIndex(columns, "id"));
    }
}
