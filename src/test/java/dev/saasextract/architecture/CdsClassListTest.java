package dev.saasextract.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The class list scripts/extract and the image archive (AppCDS) must leave out every class a dependency ships in a
 * multi-release version: archived, such a class crashes JDK 17's JVM (SIGSEGV in
 * {@code KlassFactory::check_shared_class_file_load_hook}) as soon as a Java agent or {@code -XX:StartFlightRecording}
 * watches class loading, at the first source connection (pgjdbc's {@code LazyCleanerImpl}). scripts/cds-classlist
 * filters them; this checks the committed list against the dependencies the build packages.
 */
class CdsClassListTest {
    private static final Path CLASS_LIST = Path.of("src/main/cds/saas-extract.classlist");

    private final Map<String, JarFile> jars = new HashMap<>();

    @AfterEach
    void closeJars() throws IOException {
        for (JarFile jar : jars.values()) {
            jar.close();
        }
    }

    @Test
    void archivesNoClassADependencyShipsInAMultiReleaseVersion() throws IOException {
        List<String> classes = archivedClasses();
        List<String> versioned = classes.stream().filter(name -> versionedEntry(name).isPresent()).toList();

        assertTrue(classes.size() > 1000, "the list holds the classes of a whole run: " + classes.size());
        assertEquals(List.of(), versioned, "classes to leave out of " + CLASS_LIST + " (run scripts/cds-classlist)");
    }

    @Test
    void theCheckFindsAVersionedClassOfPgjdbc() {
        assertEquals(Optional.of("META-INF/versions/11/org/postgresql/util/LazyCleanerImpl.class"),
                versionedEntry("org/postgresql/util/LazyCleanerImpl"));
        assertEquals(Optional.empty(), versionedEntry("org/postgresql/util/LazyCleanerImpl$Node"));
        assertEquals(Optional.empty(), versionedEntry("java/lang/Object"), "a JDK class is not in a jar");
    }

    /** The classes the list archives: its class lines, and the host class of each lambda proxy. */
    private static List<String> archivedClasses() throws IOException {
        return Files.readAllLines(CLASS_LIST).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .filter(line -> !line.startsWith("@") || line.startsWith("@lambda-proxy "))
                .map(line -> line.startsWith("@") ? line.split(" ")[1] : line.split(" ")[0])
                .distinct()
                .toList();
    }

    /** The jar entry this JVM reads {@code name} from when that is a multi-release version, else empty. */
    private Optional<String> versionedEntry(String name) {
        URL resource = getClass().getClassLoader().getResource(name + ".class");
        if (resource == null || !"jar".equals(resource.getProtocol())) {
            return Optional.empty();
        }
        try {
            JarURLConnection connection = (JarURLConnection) resource.openConnection();
            String file = connection.getJarFileURL().getFile();
            JarFile jar = jars.computeIfAbsent(file, CdsClassListTest::openVersioned);
            JarEntry entry = jar.getJarEntry(name + ".class");
            return entry != null && entry.getRealName().startsWith("META-INF/versions/")
                    ? Optional.of(entry.getRealName()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JarFile openVersioned(String file) {
        try {
            return new JarFile(new java.io.File(file), true, ZipFile.OPEN_READ, Runtime.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
