package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurations the README shows under "Configuration" are read as it says, so that copying one works. */
class ReadmeConfigExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    private static final Map<String, String> ENV = Map.of(
            "GITLAB_COM_DB_USER", "extractor", "GITLAB_COM_DB_PASS", "source-pass",
            "GITLAB_METADATA_DB_USER", "meta_writer", "GITLAB_METADATA_DB_PASS", "meta-pass",
            "SNOWFLAKE_LOAD_USER", "LOADER_USER", "SNOWFLAKE_LOAD_PASSWORD", "loader-pass");

    @TempDir
    Path dir;

    @Test
    void theLocalExampleAndTheProductionOneOnTopOfItAreValidConfigurations() throws IOException {
        List<String> examples = configurationExamples();
        assertEquals(2, examples.size(), "the local example, then the production one");

        ExtractConfig local = ExtractConfig.load(Files.writeString(dir.resolve("local.yaml"), examples.get(0)), ENV);
        assertEquals("extractor", local.source().user());
        assertEquals("meta-pass", local.metadata().password().reveal());
        assertEquals(URI.create("file:///var/lib/saas-extract"), local.staging());

        // The production example replaces staging and warehouse and keeps the rest.
        String sourceAndMetadata = examples.get(0).lines()
                .filter(line -> line.startsWith("source:") || line.startsWith("metadata:"))
                .reduce("", (kept, line) -> kept + line + "\n");
        ExtractConfig production = ExtractConfig.load(
                Files.writeString(dir.resolve("production.yaml"), sourceAndMetadata + examples.get(1)), ENV);
        assertEquals(URI.create("gs://saas-pipeline-backfills"), production.staging());
        assertEquals("LOADER_USER", production.warehouse().user());
        assertEquals("source-pass", production.source().password().reveal());
    }

    private static List<String> configurationExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Configuration\n");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> blocks = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
