package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XcomFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void valuesAreMergedIntoWhatTheFileHoldsAndItsFolderIsCreated() throws Exception {
        Path file = dir.resolve("xcom/return.json");
        XcomFile.merge(file, Map.of("rows_loaded", 3, "load_ran", true));
        XcomFile.merge(file, Map.of("rows_loaded", 5));

        assertEquals(JSON.readTree("{\"rows_loaded\": 5, \"load_ran\": true}"), JSON.readTree(file.toFile()));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left beside it");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"done\"", "{\"truncated\": ", "not json at all"})
    void contentThatIsNotAnObjectIsReplacedRatherThanFailTheRun(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("return.json"), content);

        XcomFile.merge(file, Map.of("rows_loaded", 7));

        assertEquals(JSON.readTree("{\"rows_loaded\": 7}"), JSON.readTree(file.toFile()));
    }
}
