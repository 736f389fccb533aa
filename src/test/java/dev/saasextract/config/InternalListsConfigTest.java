package dev.saasextract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saasextract.errors.ConfigException;
import dev.saasextract.seeds.SeedLocations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InternalListsConfigTest {
    @TempDir
    Path dir;

    private Path config(String section) throws IOException {
        return ConfigWithSection.write(dir, section);
    }

    private SeedLocations load(String section) throws IOException {
        return ExtractConfig.load(config(section), Map.of("SEEDS", "https://seeds.example.com")).internalLists();
    }

    @Test
    void gitlabsSeedFilesUnlessWritten() throws IOException {
        assertEquals(SeedLocations.GITLAB, load(""));
        assertEquals(List.of(URI.create("https://gitlab.com/gitlab-data/analytics/-/raw/master/transform/snowflake-dbt/"
                        + "seeds/seed_data/internal_gitlab_namespaces.csv")),
                load("").namespaces());
        assertEquals(3, load("").projects().size());
    }

    @Test
    void readsUrlsFileUrisAndPathsRelativeToTheConfigFile() throws IOException {
        SeedLocations lists = load("""
                internal_lists:
                  projects: ["${SEEDS}/projects.csv", "file:///srv/seeds/ops.csv", "seeds/internal_projects.csv"]
                """);
        assertEquals(List.of(URI.create("https://seeds.example.com/projects.csv"),
                URI.create("file:///srv/seeds/ops.csv"),
                dir.resolve("seeds/internal_projects.csv").toUri()), lists.projects());
        assertEquals(SeedLocations.GITLAB.namespaces(), lists.namespaces());
    }

    @Test
    void writesBackWhatItRead() throws IOException {
        ExtractConfig read = ExtractConfig.load(config("""
                internal_lists:
                  projects: ["https://seeds.example.com/p.csv"]
                  namespaces: ["/srv/seeds/n.csv"]
                """), Map.of());
        Path written = Files.writeString(dir.resolve("written.yaml"), read.toYaml());
        assertEquals(read.internalLists(), ExtractConfig.load(written, Map.of()).internalLists());
        assertEquals(SeedLocations.GITLAB, ExtractConfig.load(
                Files.writeString(dir.resolve("default.yaml"), ExtractConfig.load(config(""), Map.of()).toYaml()),
                Map.of()).internalLists());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "projects: []                          | internal_lists.projects: must list at least one seed file",
        "projects: https://x.example.com/p.csv | internal_lists.projects: must be a list of strings",
        "projects: [42]                        | internal_lists.projects[0]: must be a string",
        "namespaces: ['ftp://x.example.com/n'] | internal_lists.namespaces[0]: must be an https://, http:// or file:/// location",
        "namespaces: ['https://u:p@x.example.com/n.csv'] | internal_lists.namespaces[0]: must not carry credentials",
        "namespaces: ['https://x.example.com/n.csv?private_token=abc'] | internal_lists.namespaces[0]: must not carry credentials",
        "namespaces: ['ftp://u:hunter2@x.example.com/n'] | internal_lists.namespaces[0]: must not carry credentials",
        "namespaces: ['s3://b/n.csv?X-Amz-Security-Token=abc'] | internal_lists.namespaces[0]: must not carry credentials",
        "namespaces: ['file://host/n.csv']     | internal_lists.namespaces[0]: must be an https://, http:// or file:/// location",
        "namespaces: ['file:///srv/n.csv?v=2'] | internal_lists.namespaces[0]: must be an https://, http:// or file:/// location (a file one without ?query",
        "groups: ['/srv/g.csv']                | internal_lists.groups: unknown key (known here: namespaces, projects)",
    })
    void refusesWhatCannotBeASeedLocation(String section, String expectedStart) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("internal_lists: { " + section + " }"));
        String message = e.getMessage();
        assertFalse(message.contains("hunter2") || message.contains("token=abc"), message);
        assertEquals(config("").toString() + ": " + expectedStart,
                message.substring(0, Math.min(message.length(), (config("") + ": " + expectedStart).length())),
                message);
    }
}
