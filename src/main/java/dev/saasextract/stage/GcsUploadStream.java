package dev.saasextract.stage;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A staged GCS object being written. The bytes go to a local temporary file (one chunk, so bounded) while their
 * CRC32C is computed; {@link #close()} uploads the file with a resumable upload that the server accepts only if its
 * CRC32C matches, then deletes the file. Until then nothing exists under the object's name.
 */
final class GcsUploadStream extends StagedOutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(GcsUploadStream.class);
    private static final int BUFFER_BYTES = 1 << 16;

    private final Storage storage;
    private final BlobId target;
    private final String gsUri;
    private final Path temp;
    private final OutputStream out;
    private final CRC32C crc32c = new CRC32C();
    private long position;
    private boolean finished;

    private GcsUploadStream(Storage storage, BlobId target, String gsUri, Path temp) throws IOException {
        this.storage = storage;
        this.target = target;
        this.gsUri = gsUri;
        this.temp = temp;
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER_BYTES);
    }

    static GcsUploadStream start(Storage storage, BlobId target, String gsUri, Path tempDir) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(tempDir, "saas-extract-", ".upload");
        } catch (IOException e) {
            throw new IOException(gsUri + ": cannot create a temporary upload file in " + tempDir + ": " + e, e);
        }
        try {
            return new GcsUploadStream(storage, target, gsUri, temp);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        crc32c.update(b);
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        crc32c.update(b, off, len);
        position += len;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try (Closeable removeTemp = () -> Files.deleteIfExists(temp)) {
            finishTempFile();
            upload();
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        TempFiles.discard(out, temp, gsUri);
    }

    private void finishTempFile() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw new IOException(gsUri + ": cannot write the temporary upload file " + temp + ": " + e, e);
        }
    }

    private void upload() throws IOException {
        String expected = base64(crc32c.getValue());
        // crc32cMatch sends our checksum with the upload; GCS refuses to finalize an object whose bytes differ.
        BlobInfo info = BlobInfo.newBuilder(target).setCrc32c(expected).build();
        Blob stored;
        try {
            stored = storage.createFrom(info, temp, BlobWriteOption.crc32cMatch());
        } catch (BaseServiceException | IOException e) {
            throw GcsErrors.failed("upload", gsUri, e);
        }
        verify(stored, expected);
        LOG.debug("uploaded {} ({} bytes, crc32c {})", gsUri, position, expected);
    }

    /** A second check on what the server reports back; a server that reports nothing was checked by crc32cMatch. */
    private void verify(Blob stored, String expected) throws IOException {
        boolean crcDiffers = stored.getCrc32c() != null && !stored.getCrc32c().equals(expected);
        boolean sizeDiffers = stored.getSize() != null && stored.getSize() != position;
        if (crcDiffers || sizeDiffers) {
            try {
                storage.delete(target);
            } catch (BaseServiceException e) {
                throw GcsErrors.failed("deleting the corrupt upload", gsUri, e);
            }
            throw new IOException(gsUri + ": upload corrupted (sent " + position + " bytes, crc32c " + expected
                    + "; stored " + stored.getSize() + " bytes, crc32c " + stored.getCrc32c() + "); object deleted");
        }
    }

    /** GCS reports CRC32C as the base64 of its four big-endian bytes. */
    static String base64(long crc32c) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc32c).array());
    }
}
