package dev.saasextract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saasextract.errors.InvalidInputException;
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

    @Test
    void aLocationTheRunCouldNotWriteIsRefusedBeforeTheRun() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain"), "x");

        InvalidInputException directory = assertThrows(InvalidInputException.class,
                () -> XcomFile.checkWritable(Map.of("EXTRACT_XCOM_FILE", dir.toString())));
        InvalidInputException underAFile = assertThrows(InvalidInputException.class,
                () -> XcomFile.checkWritable(Map.of("EXTRACT_XCOM_FILE", notAFolder.resolve("return.json").toString())));

        assertEquals("EXTRACT_XCOM_FILE: " + dir + " is a directory, not a file", directory.getMessage());
        assertTrue(underAFile.getMessage().startsWith("EXTRACT_XCOM_FILE: cannot create the folder of "
                + notAFolder.resolve("return.json") + ": "), underAFile.getMessage());
        XcomFile.checkWritable(Map.of("EXTRACT_XCOM_FILE", dir.resolve("new/return.json").toString()));
        assertTrue(Files.isDirectory(dir.resolve("new")), "a writable location passes, its folder created");
    }
}
