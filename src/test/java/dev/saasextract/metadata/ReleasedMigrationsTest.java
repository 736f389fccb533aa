package dev.saasextract.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A metadata script that has run somewhere must never change, not even its comments: Flyway keeps each applied
 * script's checksum and refuses to migrate a schema whose history disagrees with the scripts, so every later run
 * against that metadata DB would fail. A change goes into a new script; this list then gains its line.
 */
class ReleasedMigrationsTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/db/metadata");
    private static final Map<String, String> RELEASED = Map.of(
            "V1__gitlab_metadata_tables.sql", "214f5dfc23ec67c636d277ae197b4858873e671d6d7adcb99f7b398acba5a904",
            "V2__row_id_and_newest_index.sql", "b30c9433b5ad8bed8ead9757a05d884f2cbbf0c1efa3238973e3169ea1bf4319",
            "V3__export_ranges.sql", "4ea8d9e04c0209d339e9f58251749e936532da0cce033ee4d0f1344a9a687ba2",
            "V4__export_columns.sql", "e3b50b616f15d1be6d619f147afaffa6b9458d926995805fe234fc4c78f7fbfa",
            "V5__export_columns_key.sql", "8c32aa7ed2eda69a6c5ae5ee099300925ba9cb85033b404b94a7565093f4324d",
            "V6__export_columns_row_source.sql", "7b7a08cd03051af2222e69c0974c8ecf7e17138e737de8eed1a2d2825e7c4284",
            "V7__export_columns_source_time.sql", "0c22d7f58ac98cdc1e1885ec808e84c7b01c0c38e4a950cabca6a19f5633d374",
            "V8__row_id_nullable.sql", "a58442cecfaab3b147480fac8ea8c4076aab8946512070aef2e8ce593718ce46",
            "V9__export_columns_window_and_files.sql",
            "fb78048c80c0807514300b79b88afdb107f3ffe992562caf17586e57efcde9ec");

    @Test
    void everyScriptIsPinnedAndUnchanged() throws IOException, NoSuchAlgorithmException {
        Map<String, String> present = new TreeMap<>();
        try (Stream<Path> scripts = Files.list(SCRIPTS)) {
            for (Path script : scripts.toList()) {
                present.put(script.getFileName().toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script))));
            }
        }

        assertEquals(new TreeMap<>(RELEASED), present);
    }
}
