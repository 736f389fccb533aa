package dev.saasextract.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saasextract.errors.ManifestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken manifest under manifest/bad/ is refused with one line naming the file, the table and the key. */
class BadManifestTest {

    private static final Path BAD = Path.of("src/test/resources/manifest/bad");

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("empty.yaml", ": is empty"),
                Arguments.of("top-level-list.yaml", ": top level must be a mapping, got a list"),
                Arguments.of("tables-missing.yaml", ": tables is required"),
                Arguments.of("tables-empty.yaml", ": tables must be a non-empty mapping, got an empty one"),
                Arguments.of("tables-list.yaml", ": tables must be a non-empty mapping, got a list"),
                Arguments.of("syntax-error.yaml", ": line 5: expected ',' or ']'"),
                Arguments.of("duplicate-table-key.yaml", ": line 7: Duplicate field 'issues'"),
                Arguments.of("duplicate-entry-key.yaml", ": line 7: Duplicate field 'import_query'"),
                Arguments.of("alias-bomb.yaml", ": line 3: YAML aliases are not supported (found *a)"),
                Arguments.of("two-documents.yaml", ": line 8: holds a second YAML document"),
                Arguments.of("deep-nesting.yaml", "nesting depth (51) exceeds the maximum allowed (50"),
                Arguments.of("entry-not-mapping.yaml",
                        ": table 'issues': entry must be a mapping, got \"SELECT id FROM issues\""),
                Arguments.of("missing-import-query.yaml", ": table 'issues': import_query is required"),
                Arguments.of("import-query-empty.yaml", ": table 'issues': import_query must not be empty"),
                Arguments.of("import-query-null.yaml", ": table 'issues': import_query must be a string, got null"),
                Arguments.of("import-db-list.yaml", ": table 'issues': import_db must be a string, got a list"),
                Arguments.of("export-table-binary.yaml",
                        ": table 'issues': export_table must be a string, got binary data"),
                Arguments.of("empty-primary-key.yaml", ": table 'issues': export_table_primary_key must not be empty"),
                Arguments.of("deletes-exempt-yes.yaml", ": table 'issues': deletes_exempt must be a boolean, got \"yes\""),
                Arguments.of("advanced-metadata-number.yaml",
                        ": table 'issues': advanced_metadata must be a boolean, got 1"),
                Arguments.of("incremental-type-by-date.yaml",
                        ": table 'issues': incremental_type must be load_by_id (or absent for loads by date), "
                                + "got \"load_by_date\""),
                Arguments.of("same-target.yaml", ": table 'ci_pipelines': export_table gives target "
                        + "GITLAB_DB_CI_PIPELINES, already used by table 'p_ci_pipelines'"),
                Arguments.of("target-too-long.yaml", ": table 'long_name': import_db and export_table give a target of"
                        + " 260 characters (260 bytes); with its _TEMP suffix it must fit in 255, as Snowflake names"
                        + " and staging folder names must"),
                Arguments.of("target-is-a-temp-table.yaml", ": table 'issues_temp': export_table gives target"
                        + " GITLAB_DB_ISSUES_TEMP, the temporary table of table 'issues', whose backfills would replace"
                        + " it"),
                Arguments.of("key-with-newline.yaml", ": table 'bad\\nkey': import_query is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void isRefusedWithOneLineNamingFileAndKey(String fixture, String expected) {
        Path file = BAD.resolve(fixture);

        ManifestException error = assertThrows(ManifestException.class, () -> Manifest.load(file));

        String message = error.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains(expected), () -> "expected <" + expected + "> in <" + message + ">");
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void everyFixtureIsCovered() throws IOException {
        Set<String> covered = badManifests().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(BAD)) {
            Set<String> present = files.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(present, covered);
        }
    }

    @Test
    void missingFileIsNamed() {
        Path file = BAD.resolve("no-such-manifest.yaml");

        ManifestException error = assertThrows(ManifestException.class, () -> Manifest.load(file));

        assertEquals(file + ": no such file", error.getMessage());
    }

    @Test
    void aFolderAnOversizedFileAndAnotherEncodingAreNamedOnOneLine(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "tables:\n  issues:\n    import_query: \"" + "x".repeat(5 * 1024 * 1024) + "\"\n");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "tables:\n  issues:\n    import_query: SELECT id FROM issues\n    import_db: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(dir + ": is a folder, not a file",
                assertThrows(ManifestException.class, () -> Manifest.load(dir)).getMessage());
        assertEquals(huge + ": is larger than 4 MiB, far more than any manifest or configuration",
                assertThrows(ManifestException.class, () -> Manifest.load(huge)).getMessage());
        assertEquals(latin1 + ": line 4: is not valid UTF-8 (byte 77); save the file as UTF-8",
                assertThrows(ManifestException.class, () -> Manifest.load(latin1)).getMessage());
    }

    @Test
    void aByteOrderMarkIsAllowed(@TempDir Path dir) throws IOException {
        Path withBom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFtables:\n  issues:\n    import_db: gitlab_db\n"
                + "    import_query: SELECT id FROM issues\n    export_table: issues\n    export_table_primary_key: id\n");

        assertEquals("GITLAB_DB_ISSUES", Manifest.load(withBom).require("issues").target());
    }
}
