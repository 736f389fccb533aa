package dev.saasextract.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class path the kill -9 children start with, and a class-data archive of it. Class-data sharing cannot archive
 * classes from a directory, so the product's classes ({@code target/classes}) go into one jar beside the dependency
 * jars, once per test JVM, and the launcher's class list ({@code src/main/cds}) is archived against that class path:
 * the suite starts ~70 children, and each then starts ~0.7 CPU-seconds cheaper. A child runs the product only, so the
 * test classes are left out. Should archiving fail, the children start without the archive.
 */
final class ChildClassPath {
    private static final Logger LOG = LoggerFactory.getLogger(ChildClassPath.class);
    private static final Path CLASS_LIST = Path.of("src/main/cds/saas-extract.classlist");
    private static final long DUMP_TIMEOUT_SECONDS = 120;

    private static List<String> options;

    private ChildClassPath() {
    }

    /** {@code -cp} and, when archiving worked, {@code -XX:SharedArchiveFile}, for a child's command line. */
    static synchronized List<String> jvmOptions() throws IOException, InterruptedException {
        if (options == null) {
            options = build();
        }
        return options;
    }

    private static List<String> build() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("saas-extract-children");
        dir.toFile().deleteOnExit();
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
            } else if (path.endsWith("classes")) {
                entries.add(0, jar(path, dir.resolve("classes.jar")).toString());
            }
        }
        String classPath = String.join(File.pathSeparator, entries);
        Path archive = dir.resolve("children.jsa");
        List<String> jvmOptions = new ArrayList<>();
        if (archived(classPath, archive)) {
            jvmOptions.add("-XX:SharedArchiveFile=" + archive);
            LOG.info("kill -9 children start with the class-data archive {}", archive);
        } else {
            LOG.warn("kill -9 children start without a class-data archive: archiving {} failed", CLASS_LIST);
        }
        jvmOptions.addAll(List.of("-cp", classPath));
        return List.copyOf(jvmOptions);
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            // Directory entries too, as a jar built by Maven has them: Flyway finds its scripts' folder by its entry.
            for (Path path : files.filter(p -> !p.equals(classes)).sorted().toList()) {
                String name = classes.relativize(path).toString().replace(File.separatorChar, '/');
                boolean folder = Files.isDirectory(path);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static boolean archived(String classPath, Path archive) throws IOException, InterruptedException {
        archive.toFile().deleteOnExit();
        if (!Files.isRegularFile(CLASS_LIST)) {
            return false;
        }
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:dump", "-XX:SharedClassListFile=" + CLASS_LIST, "-XX:SharedArchiveFile=" + archive,
                "-cp", classPath)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            dump.destroyForcibly().waitFor();
            return false;
        }
        return dump.exitValue() == 0 && Files.isRegularFile(archive);
    }
}
