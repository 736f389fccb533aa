package dev.saasextract.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Staging in a local folder ({@code file:///dir}). A file is written under a hidden temporary name and renamed into
 * place on close, so a killed process never leaves a half-written file under a real key.
 */
final class LocalStagingStore implements StagingStore {
    private static final String IN_PROGRESS = ".inprogress-";

    private final Path root;

    LocalStagingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StagedOutputStream create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + IN_PROGRESS + UUID.randomUUID());
        return new LocalOutput(temp, target);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().contains(IN_PROGRESS))
                    .map(this::keyOf)
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        Files.deleteIfExists(file);
        removeEmptyParents(file.getParent());
    }

    /**
     * Also removes the temporary files of writes under {@code prefix} that a killed process left: they are never
     * listed, so nothing else would ever delete them.
     */
    @Override
    public int deletePrefix(String prefix) throws IOException {
        int deleted = StagingStore.super.deletePrefix(prefix);
        for (Path leftover : leftoverWrites(prefix)) {
            Files.deleteIfExists(leftover);
            removeEmptyParents(leftover.getParent());
        }
        return deleted;
    }

    private List<Path> leftoverWrites(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().contains(IN_PROGRESS))
                    .filter(p -> keyOf(p).startsWith(prefix))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String uri(String key) {
        return resolve(key).toString();
    }

    @Override
    public String toString() {
        return "file://" + root;
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.isBlank()) {
            throw new IllegalArgumentException("staging key escapes the staging folder: " + key);
        }
        return path;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private void removeEmptyParents(Path dir) throws IOException {
        Path current = dir;
        while (current != null && current.startsWith(root) && !current.equals(root)) {
            try (Stream<Path> entries = Files.list(current)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            } catch (NoSuchFileException e) {
                current = current.getParent();
                continue;
            }
            Files.deleteIfExists(current);
            current = current.getParent();
        }
    }

    private static final class LocalOutput extends StagedOutputStream {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean finished;

        LocalOutput(Path temp, Path target) throws IOException {
            this.temp = temp;
            this.target = target;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public long position() throws IOException {
            out.flush();
            return channel.position();
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try {
                out.flush();
                channel.force(true);
                out.close();
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                // the rename is durable only with its folder: the metadata row that follows must not outlive it
                try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                    folder.force(true);
                }
            } catch (IOException e) {
                // closed as well as deleted: a deleted file still open keeps its blocks, on a disk that may be full
                TempFiles.discard(out, temp, target.toString());
                throw new IOException("cannot publish staged file " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            TempFiles.discard(out, temp, target.toString());
        }
    }
}
